package dev.beacon.it.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.it.cli.Cli.Result;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code beacon backup export FILE} on one cluster, {@code beacon backup import FILE [--dry-run]} on a fresh one. */
class TransferCliIT {
    @RegisterExtension @Order(1) static EtcdExtension sourceEtcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension source = BeaconExtension.on(sourceEtcd);
    @RegisterExtension @Order(3) static EtcdExtension targetEtcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(4) static BeaconExtension target = BeaconExtension.on(targetEtcd);

    @Test
    void anExportFileImportsOntoAFreshClusterOnceThenChangesNothing(@TempDir Path dir) throws Exception {
        String value = "Grüß Gott\n你好，世界\n";
        source.http().put("/api/v1/config/cli/prod/welcome", json(Map.of("value", value)));
        source.http().put("/api/v1/services/payments/settings", json(Map.of("protectThreshold", 0.25)));
        Path file = dir.resolve("beacon-export.json");

        Result exported = Cli.run(source.url(), "backup", "export", file.toString());
        assertThat(exported.code()).as(exported.err()).isZero();
        assertThat(exported.out()).contains("exported").contains(file.toString());
        assertThat(Files.readString(file)).contains("\"format\":\"beacon-export\"");
        try (var entries = Files.list(dir)) {
            assertThat(entries).containsExactly(file); // written atomically: no partial file left behind
        }

        long before = targetEtcd.probe().revision();
        Result dry = Cli.run(target.url(), "backup", "import", file.toString(), "--dry-run");
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("dry run, nothing written: would create 2");
        assertThat(targetEtcd.probe().revision()).isEqualTo(before);

        Result imported = Cli.run(target.url(), "-o", "json", "backup", "import", file.toString());
        assertThat(imported.code()).as(imported.err()).isZero();
        JsonNode report = imported.json();
        assertThat(report.get("created").asInt()).isEqualTo(2);
        assertThat(target.http().get("/api/v1/config/cli/prod/welcome").json().get("value").asText()).isEqualTo(value);
        assertThat(target.http().get("/api/v1/services/payments/settings").json().get("protectThreshold").asDouble()).isEqualTo(0.25);

        Result again = Cli.run(target.url(), "-o", "table", "backup", "import", file.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("KIND").contains("config-item").contains("cli/prod/welcome").contains("unchanged")
                .doesNotContain("created");

        Result missing = Cli.run(target.url(), "backup", "import", dir.resolve("nope.json").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("cannot read");

        Files.writeString(file, "{\"format\":\"beacon-export\",\"version\":9,\"config\":[]}");
        Result refused = Cli.run(target.url(), "backup", "import", file.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("version 9 is not supported");
    }
}
