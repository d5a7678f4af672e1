package dev.beacon.it.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Batches (all or nothing), documents (properties, yaml, json) and their round trip render → import. */
class ConfigBatchIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    private final TestHttp http = beacon.http();

    /** Items whose keys and values need every kind of escaping and nesting care. */
    static Map<String, String> tricky() {
        Map<String, String> m = new TreeMap<>();
        m.put("server.port", "8080");
        m.put("server.address", " 0.0.0.0 ");
        m.put("a", "1");
        m.put("a.b", "2");
        m.put("a.b.c", "3");
        m.put("flag", "true");
        m.put("nothing", "");
        m.put("nullish", "null");
        m.put("decimal", "1.10");
        m.put("key with spaces", "v=1:2 #not a comment !");
        m.put("path/like/key", "C:\\temp\\new");
        m.put("unicode.greeting", "grüß dich — 你好 🙂");
        m.put("multi.line", "first\nsecond\n\ttabbed");
        m.put("colon:key=eq", "#hash");
        m.put("list[0]", "x");
        m.put("odd..dots", "kept literal");
        return m;
    }

    private Map<String, String> items(String app, String profile) {
        Map<String, String> out = new TreeMap<>();
        http.get("/api/v1/config/" + app + "/" + profile + "?consistent=true").json().get("items")
                .forEach(i -> out.put(i.get("key").asText(), i.get("value").asText()));
        return out;
    }

    @Test
    void aBatchWritesAllItemsAtOneRevision() {
        TestHttp.Answer w = http.put("/api/v1/config/batch/dev", json(Map.of("items", Map.of("x", "1", "y", "2"), "comment", "initial")));
        assertThat(w.status()).isEqualTo(200);
        assertThat(w.json().get("written").asInt()).isEqualTo(2);
        long rev = w.json().get("revision").asLong();
        JsonNode list = http.get("/api/v1/config/batch/dev").json();
        assertThat(list.get("items")).allSatisfy(i -> {
            assertThat(i.get("modRevision").asLong()).isEqualTo(rev);
            assertThat(i.get("comment").asText()).isEqualTo("initial");
            assertThat(i.get("updatedBy").asText()).isEqualTo("anonymous");
        });
    }

    @Test
    void aBatchWithOneBadKeyOrValueWritesNothing() {
        Map<String, Object> items = new LinkedHashMap<>();
        items.put("good", "1");
        items.put("bad/../key", "2");
        TestHttp.Answer badKey = http.put("/api/v1/config/atomic/dev", json(Map.of("items", items)));
        badKey.assertError(400, "INVALID_NAME");

        items.remove("bad/../key");
        items.put("number", 5);
        TestHttp.Answer badValue = http.put("/api/v1/config/atomic/dev", json(Map.of("items", items)));
        assertThat(badValue.status()).isEqualTo(400);
        assertThat(badValue.json().get("error").asText()).contains("'number' must be a string");

        items.put("number", "x".repeat(300 * 1024));
        TestHttp.Answer tooBig = http.put("/api/v1/config/atomic/dev", json(Map.of("items", items)));
        tooBig.assertError(400, "INVALID_VALUE");
        assertThat(items("atomic", "dev")).isEmpty();
    }

    @Test
    void aBatchOverTheItemLimitIsRefusedAndWritesNothing() {
        Map<String, String> items = new TreeMap<>();
        for (int i = 0; i < 128; i++) {
            items.put("k" + i, "v");
        }
        TestHttp.Answer a = http.put("/api/v1/config/huge/dev", json(Map.of("items", items)));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).contains("at most 127");
        assertThat(items("huge", "dev")).isEmpty();
        items.remove("k0");
        assertThat(http.put("/api/v1/config/huge/dev", json(Map.of("items", items))).status()).isEqualTo(200);
        assertThat(items("huge", "dev")).hasSize(127);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"properties", "yaml", "json"})
    void renderThenImportGivesTheSameItems(String format) {
        assertThat(http.put("/api/v1/config/trip-" + format + "/src", json(Map.of("items", tricky()))).status()).isEqualTo(200);
        TestHttp.Answer doc = http.get("/api/v1/config/trip-" + format + "/src?format=" + format);
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.revision()).isPositive();

        TestHttp.Answer imported = http.post("/api/v1/config/trip-" + format + "/dst/import?format=" + format, doc.text());
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        assertThat(imported.json().get("written").asInt()).isEqualTo(tricky().size());
        assertThat(items("trip-" + format, "dst")).isEqualTo(tricky());
    }

    @Test
    void yamlAndJsonNestDottedKeysAndKeepAConflictingLeafFlat() {
        http.put("/api/v1/config/nest/dev", json(Map.of("items", Map.of("a", "1", "a.b", "2", "x.port.min", "3"))));
        JsonNode doc = http.get("/api/v1/config/nest/dev?format=json").json();
        assertThat(doc.get("a").asText()).isEqualTo("1");
        assertThat(doc.get("a.b").asText()).isEqualTo("2");
        assertThat(doc.get("x").get("port").get("min").asText()).isEqualTo("3");
        TestHttp.Answer yaml = http.get("/api/v1/config/nest/dev?format=yaml");
        assertThat(yaml.header("Content-Type")).startsWith("application/yaml");
        assertThat(yaml.text()).contains("x:\n  port:\n    min: \"3\"");
        String props = http.get("/api/v1/config/nest/dev?format=properties").text();
        assertThat(props).isEqualTo("a=1\na.b=2\nx.port.min=3\n");
    }

    @Test
    void importTakesTheFormatFromTheContentTypeAndFlattensListsSpringStyle() {
        TestHttp.Answer a = http.send("POST", "/api/v1/config/imp/dev/import", "server:\n  port: 8080\nhosts:\n  - a\n  - b\nempty:\n",
                Map.of("Content-Type", "application/yaml"));
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        assertThat(items("imp", "dev")).containsExactlyInAnyOrderEntriesOf(
                Map.of("server.port", "8080", "hosts[0]", "a", "hosts[1]", "b", "empty", ""));
    }

    @Test
    void badDocumentsAreRefusedAndWriteNothing() {
        assertThat(http.post("/api/v1/config/baddoc/dev/import?format=yaml", "a: [1, 2\n").status()).isEqualTo(400);
        assertThat(http.post("/api/v1/config/baddoc/dev/import?format=json", "[1,2]").json().get("error").asText()).contains("map of keys");
        assertThat(http.post("/api/v1/config/baddoc/dev/import?format=json", "{\"a\":{\"b\":1},\"a.b\":2}").json().get("error").asText())
                .contains("twice");
        assertThat(http.post("/api/v1/config/baddoc/dev/import?format=toml", "a=1").status()).isEqualTo(400);
        assertThat(http.send("POST", "/api/v1/config/baddoc/dev/import", "a=1", Map.of("Content-Type", "text/plain")).status()).isEqualTo(400);
        assertThat(http.post("/api/v1/config/baddoc/dev/import?format=properties", "").status()).isEqualTo(400);
        assertThat(http.post("/api/v1/config/baddoc/dev/import?format=properties", "bad/../key=1").json().get("code").asText()).isEqualTo("INVALID_NAME");
        assertThat(items("baddoc", "dev")).isEmpty();
    }
}
