package dev.beacon.it.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.client.BeaconClient;
import dev.beacon.client.ConfigView;
import dev.beacon.it.cli.Cli.Result;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code beacon config ...} against a real server: each verb, each output format, the JSON shapes, the exit codes. */
class ConfigCliIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    private static Result cli(String... args) {
        return Cli.run(beacon.url(), args);
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void setAndGetPrintInEachFormatWithChineseValuesIntact() {
        Result set = cli("config", "set", "shop", "prod", "greeting", "你好，世界", "--comment", "hello");
        assertThat(set.code()).isZero();
        long revision = Long.parseLong(set.out().strip());
        assertThat(revision).isPositive();

        assertThat(cli("config", "get", "shop", "prod", "greeting").out()).isEqualTo("你好，世界" + System.lineSeparator());

        JsonNode item = cli("config", "get", "shop", "prod", "greeting", "-o", "json").json();
        assertThat(fields(item)).contains("app", "profile", "key", "value", "version", "modRevision", "updatedAt", "updatedBy");
        assertThat(item.get("value").asText()).isEqualTo("你好，世界");
        assertThat(item.get("modRevision").asLong()).isEqualTo(revision);
        assertThat(item.get("updatedBy").asText()).isEqualTo("cli:it");

        List<String> table = cli("config", "get", "shop", "prod", "greeting", "-o", "table").lines();
        assertThat(table.get(0)).startsWith("KEY").contains("VALUE", "VERSION", "REVISION", "UPDATED", "BY");
        assertThat(table.get(1)).startsWith("greeting").contains("你好，世界", Long.toString(revision), "cli:it");

        cli("config", "set", "shop", "prod", "pool.size", "10");
        assertThat(cli("config", "get", "shop", "prod").lines()).containsExactly("greeting=你好，世界", "pool.size=10");
        JsonNode list = cli("-o", "json", "config", "get", "shop", "prod").json();
        assertThat(fields(list)).containsExactly("app", "profile", "revision", "items");
        assertThat(list.get("items")).hasSize(2);
        assertThat(cli("config", "get", "shop", "prod", "-o", "table").lines()).hasSize(3);

        JsonNode apps = cli("config", "apps", "-o", "json").json();
        assertThat(apps.findValuesAsText("app")).contains("shop");
    }

    @Test
    void aMissingItemExitsThreeAConflictFourABadNameTwoEachWithOneLine() {
        Result missing = cli("config", "get", "shop", "prod", "no.such.key");
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err().strip()).startsWith("beacon: ").doesNotContain("\n").doesNotContain("Exception");

        long rev = Long.parseLong(cli("config", "set", "cas", "prod", "k", "v1").out().strip());
        Result conflict = cli("config", "set", "cas", "prod", "k", "v2", "--if-match", Long.toString(rev - 1));
        assertThat(conflict.code()).isEqualTo(4);
        assertThat(conflict.err().strip()).doesNotContain("\n").contains("hint:");
        assertThat(cli("config", "get", "cas", "prod", "k").out().strip()).isEqualTo("v1");
        assertThat(cli("config", "set", "cas", "prod", "k", "v2", "--if-match", Long.toString(rev)).code()).isZero();
        assertThat(cli("config", "set", "cas", "prod", "new", "x", "--if-match", "0").code()).isZero();
        assertThat(cli("config", "set", "cas", "prod", "new", "y", "--if-match", "0").code()).isEqualTo(4);

        Result badName = cli("config", "set", "bad app!", "prod", "k", "v");
        assertThat(badName.code()).isEqualTo(2);
        assertThat(badName.err().strip()).doesNotContain("\n");

        assertThat(cli("config", "delete", "cas", "prod", "k").code()).isZero();
        assertThat(cli("config", "delete", "cas", "prod", "k").code()).isEqualTo(3);
        assertThat(cli("config", "delete", "cas", "prod", "new", "-o", "json").json().get("deleted").asInt()).isEqualTo(1);
    }

    @Test
    void historyListsChangesNewestFirstAndRollbackRestoresAnOldValue() {
        long first = Long.parseLong(cli("config", "set", "hist", "prod", "timeout", "1s", "--comment", "first").out().strip());
        cli("config", "set", "hist", "prod", "timeout", "2s", "--comment", "second");
        await().until(() -> cli("config", "history", "hist", "prod", "timeout", "-o", "json").json().size() == 2);

        JsonNode history = cli("config", "history", "hist", "prod", "timeout", "-o", "json").json();
        assertThat(fields(history.get(0))).contains("modRevision", "version", "value", "op", "updatedAt", "updatedBy", "comment");
        assertThat(history.get(0).get("value").asText()).isEqualTo("2s");
        assertThat(history.get(1).get("comment").asText()).isEqualTo("first");
        assertThat(cli("config", "history", "hist", "prod", "timeout", "-o", "table").lines().get(0)).startsWith("REVISION");
        assertThat(cli("config", "history", "hist", "prod", "timeout").lines()).hasSize(2).allMatch(l -> l.contains("\tPUT\t"));

        Result rollback = cli("config", "rollback", "hist", "prod", "timeout", "--to", Long.toString(first));
        assertThat(rollback.code()).isZero();
        assertThat(rollback.out().strip()).isEqualTo("1s");
        assertThat(cli("config", "get", "hist", "prod", "timeout").out().strip()).isEqualTo("1s");
        assertThat(cli("config", "rollback", "hist", "prod", "timeout").code()).isEqualTo(2);
    }

    @Test
    void diffShowsWhatAnImportWouldChangeImportWritesItAndExportWritesItBack(@TempDir Path dir) throws Exception {
        cli("config", "set", "docs", "prod", "city", "Berlin");
        cli("config", "set", "docs", "prod", "same", "1");
        Path yaml = dir.resolve("docs.yaml");
        Files.writeString(yaml, "city: München\ngreeting: 你好\nsame: 1\n", StandardCharsets.UTF_8);

        Result diff = cli("config", "diff", "docs", "prod", yaml.toString());
        assertThat(diff.code()).isZero();
        assertThat(diff.lines()).containsExactly("+ greeting=你好", "~ city: Berlin -> München", "1 to add, 1 to change, 1 unchanged");
        JsonNode json = cli("config", "diff", "docs", "prod", yaml.toString(), "-o", "json").json();
        assertThat(json.get("added").get("greeting").asText()).isEqualTo("你好");
        assertThat(json.get("changed").get("city").get("from").asText()).isEqualTo("Berlin");
        assertThat(json.get("unchanged").asInt()).isEqualTo(1);
        assertThat(cli("config", "get", "docs", "prod", "city").out().strip()).isEqualTo("Berlin");

        Result imported = cli("config", "import", "docs", "prod", yaml.toString(), "--comment", "from yaml");
        assertThat(imported.code()).isZero();
        assertThat(imported.out()).startsWith("wrote 3 items at revision ");
        assertThat(cli("config", "get", "docs", "prod", "city").out().strip()).isEqualTo("München");
        assertThat(cli("config", "diff", "docs", "prod", yaml.toString()).lines()).containsExactly("0 to add, 0 to change, 3 unchanged");

        Path props = dir.resolve("out.properties");
        assertThat(cli("config", "export", "docs", "prod", props.toString()).code()).isZero();
        assertThat(Files.readString(props, StandardCharsets.UTF_8)).contains("city=M\\u00FCnchen").contains("same=1");
        Result json2 = cli("config", "export", "docs", "prod", "--format", "json");
        assertThat(json2.json().get("greeting").asText()).isEqualTo("你好");

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"a\":");
        assertThat(cli("config", "import", "docs", "prod", broken.toString()).code()).isEqualTo(2);
        assertThat(cli("config", "diff", "docs", "prod", broken.toString()).code()).isEqualTo(2);
        Result noFile = cli("config", "import", "docs", "prod", dir.resolve("none.yaml").toString());
        assertThat(noFile.code()).isEqualTo(1);
        assertThat(noFile.err()).contains("cannot read");
    }

    @Test
    void clientsShowsWhichSdkClientAppliedWhichRevision() {
        cli("config", "set", "tracked", "prod", "k", "v");
        try (BeaconClient app = BeaconClient.builder().servers(beacon.url()).instanceId("orders-1").build()) {
            ConfigView view = app.config("tracked", "prod");
            assertThat(view.get("k")).isEqualTo("v");
            await().until(() -> cli("config", "clients", "tracked", "prod", "-o", "json").json().get("clients").size() == 1);
            JsonNode clients = cli("config", "clients", "tracked", "prod", "-o", "json").json();
            assertThat(fields(clients)).contains("app", "profile", "revision", "latestChange", "clients");
            assertThat(clients.get("clients").get(0).get("instanceId").asText()).isEqualTo("orders-1");
            assertThat(cli("config", "clients", "tracked", "prod").out()).startsWith("orders-1\t");
            assertThat(cli("config", "clients", "tracked", "prod", "-o", "table").lines().get(0)).startsWith("INSTANCE");
        }
    }
}
