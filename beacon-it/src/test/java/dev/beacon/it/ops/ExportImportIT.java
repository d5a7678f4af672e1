package dev.beacon.it.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.EtcdProbe;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Export from one cluster, import onto a fresh one (its own etcd and Beacon): values byte-equal (German, Chinese,
 * multi-line, JSON), settings equal, each item's history on the new cluster starting with an "imported" record while
 * the document keeps the source history; a second import changes nothing (etcd revision unchanged); a dry run writes
 * nothing; a malformed or incompatible document is a 400 that says where, and writes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExportImportIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension @Order(1) static EtcdExtension sourceEtcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension source = BeaconExtension.on(sourceEtcd);
    @RegisterExtension @Order(3) static EtcdExtension targetEtcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(4) static BeaconExtension target = BeaconExtension.on(targetEtcd);

    static final Map<String, String> DEV = new LinkedHashMap<>();
    static final String JSON_VALUE = "{\"grüße\":\"Grüß Gott\",\"城市\":\"北京\",\"list\":[1,2.5,null,true]}";

    static {
        DEV.put("greeting", "Grüß Gott, schöne Straße — 你好，世界");
        DEV.put("multi/line.text", "line one\r\nzweite Zeile: äöüß\n第三行\n\ttabbed  and trailing  \n");
        DEV.put("empty", "");
    }

    @Test
    @Order(1)
    void anExportComesBackByteEqualOntoAFreshClusterAndASecondImportChangesNothing() throws Exception {
        TestHttp from = source.http();
        TestHttp to = target.http();
        assertThat(from.put("/api/v1/apps/shop/prod/settings", json(Map.of("format", "json"))).status()).isEqualTo(200);
        from.put("/api/v1/config/shop/prod/db.json", json(Map.of("value", "{\"v\":1}", "comment", "first")));
        long last = from.put("/api/v1/config/shop/prod/db.json", json(Map.of("value", JSON_VALUE, "comment", "zweite Fassung")))
                .json().get("modRevision").asLong();
        assertThat(from.put("/api/v1/config/shop/dev", json(Map.of("items", DEV))).status()).isEqualTo(200);
        assertThat(from.put("/api/v1/services/orders/settings", json(Map.of("protectThreshold", 0.5))).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> from.get("/api/v1/config/shop/prod/db.json/history").json().size() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> source.server().historyRecorder().recordedThrough() > last);

        TestHttp.Answer exported = from.get("/api/v1/export");
        assertThat(exported.status()).as(exported.text()).isEqualTo(200);
        assertThat(exported.header("Content-Type")).contains("application/json").contains("utf-8");
        JsonNode doc = exported.json();
        assertThat(doc.get("format").asText()).isEqualTo("beacon-export");
        assertThat(doc.get("version").asInt()).isEqualTo(1);
        assertThat(doc.get("sourceRevision").asLong()).isEqualTo(exported.revision()).isPositive();
        JsonNode prod = profile(doc, "shop", "prod");
        assertThat(prod.get("settings").get("format").asText()).isEqualTo("json");
        JsonNode dbJson = prod.get("items").get(0);
        assertThat(dbJson.get("value").asText()).isEqualTo(JSON_VALUE);
        assertThat(dbJson.get("comment").asText()).isEqualTo("zweite Fassung");
        assertThat(dbJson.get("history")).hasSize(2); // the source history travels in the document
        assertThat(dbJson.get("history").get(1).get("value").asText()).isEqualTo("{\"v\":1}");
        assertThat(doc.get("services").get(0).get("service").asText()).isEqualTo("orders");

        long before = targetEtcd.probe().revision();
        TestHttp.Answer imported = to.post("/api/v1/import", exported.text());
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        JsonNode report = imported.json();
        assertThat(report.get("dryRun").asBoolean()).isFalse();
        assertThat(report.get("created").asInt()).isEqualTo(6); // 4 items, 1 app/profile setting, 1 service setting
        assertThat(report.get("updated").asInt()).isZero();
        assertThat(report.get("sourceRevision").asLong()).isEqualTo(exported.revision());
        assertThat(results(report)).containsEntry("config-item shop/prod/db.json", "created")
                .containsEntry("config-settings shop/prod", "created").containsEntry("service-settings orders", "created");
        assertThat(imported.revision()).isGreaterThan(before);

        // byte-equal, in etcd itself
        EtcdProbe src = sourceEtcd.probe();
        EtcdProbe dst = targetEtcd.probe();
        for (String key : List.of("shop/prod/db.json", "shop/dev/greeting", "shop/dev/multi/line.text", "shop/dev/empty")) {
            assertThat(dst.get("/beacon/config/" + key)).as(key).isPresent().isEqualTo(src.get("/beacon/config/" + key));
        }
        assertThat(to.get("/api/v1/config/shop/dev/multi/line.text").json().get("value").asText()).isEqualTo(DEV.get("multi/line.text"));
        assertThat(to.get("/api/v1/apps/shop/prod/settings").json()).isEqualTo(from.get("/api/v1/apps/shop/prod/settings").json());
        assertThat(to.get("/api/v1/services/orders/settings").json()).isEqualTo(from.get("/api/v1/services/orders/settings").json());

        // history here starts with the import: one record naming the source revision
        await().atMost(Duration.ofSeconds(10)).until(() -> to.get("/api/v1/config/shop/prod/db.json/history").json().size() == 1);
        JsonNode record = to.get("/api/v1/config/shop/prod/db.json/history").json().get(0);
        assertThat(record.get("value").asText()).isEqualTo(JSON_VALUE);
        assertThat(record.get("comment").asText()).contains("imported").contains("source revision " + exported.revision());

        // the same document again: every entry unchanged, nothing written
        settle();
        long settled = dst.revision();
        TestHttp.Answer again = to.post("/api/v1/import", exported.text());
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.json().get("unchanged").asInt()).isEqualTo(6);
        assertThat(again.json().get("created").asInt() + again.json().get("updated").asInt()).isZero();
        assertThat(dst.revision()).isEqualTo(settled);
    }

    @Test
    @Order(2)
    void aDryRunListsWhatWouldChangeAndWritesNothing() throws Exception {
        ObjectNode doc = (ObjectNode) source.http().get("/api/v1/export?history=false").json();
        JsonNode dev = profile(doc, "shop", "dev");
        assertThat(dev.get("items").get(0).has("history")).isFalse();
        ObjectNode changed = (ObjectNode) dev.get("items").get(0);
        changed.put("value", "geändert — 已更改");
        ((ArrayNode) dev.get("items")).addObject().put("key", "brand.new").put("value", "neu");
        settle();
        long before = targetEtcd.probe().revision();

        TestHttp.Answer dry = target.http().post("/api/v1/import?dryRun=true", doc.toString());
        assertThat(dry.status()).as(dry.text()).isEqualTo(200);
        assertThat(dry.json().get("dryRun").asBoolean()).isTrue();
        Map<String, String> results = results(dry.json());
        assertThat(results).containsEntry("config-item shop/dev/" + changed.get("key").asText(), "updated")
                .containsEntry("config-item shop/dev/brand.new", "created").containsEntry("config-item shop/prod/db.json", "unchanged");
        assertThat(dry.json().get("updated").asInt()).isEqualTo(1);
        assertThat(dry.json().get("created").asInt()).isEqualTo(1);
        assertThat(targetEtcd.probe().revision()).isEqualTo(before);
        assertThat(targetEtcd.probe().get("/beacon/config/shop/dev/brand.new")).isEmpty();
    }

    @Test
    @Order(3)
    void aMalformedOrIncompatibleDocumentIsA400ThatSaysWhereAndWritesNothing() throws Exception {
        String good = source.http().get("/api/v1/export").text();
        String header = "{\"format\":\"beacon-export\",\"version\":1,\"sourceRevision\":7,";
        String[][] rows = {
                {"not json at all", "BAD_REQUEST", "not valid JSON"},
                {"[]", "BAD_REQUEST", "must be a JSON object"},
                {good.substring(0, good.length() / 2), "BAD_REQUEST", "not valid JSON"},
                {"{\"format\":\"nacos\",\"version\":1,\"config\":[]}", "BAD_REQUEST", "format"},
                {"{\"format\":\"beacon-export\",\"version\":2,\"config\":[]}", "BAD_REQUEST", "version 2 is not supported"},
                {"{\"config\":[]}", "BAD_REQUEST", "format"},
                {header + "\"services\":[]}", "BAD_REQUEST", "config"},
                {header + "\"config\":{}}", "BAD_REQUEST", "config"},
                {header + "\"config\":[{\"app\":\"bad app\",\"profile\":\"p\",\"items\":[]}]}", "INVALID_NAME", "config[0]"},
                {header + "\"config\":[{\"app\":\"neu\",\"profile\":\"p\",\"items\":[{\"key\":\"a\",\"value\":\"1\"},{\"key\":\"../x\",\"value\":\"2\"}]}]}",
                        "INVALID_NAME", "config[0].items[1]"},
                {header + "\"config\":[{\"app\":\"neu\",\"profile\":\"p\",\"items\":[{\"key\":\"a\",\"value\":1}]}]}", "BAD_REQUEST",
                        "config[0].items[0].value"},
                {header + "\"config\":[{\"app\":\"neu\",\"profile\":\"p\",\"items\":[{\"key\":\"a\",\"value\":\"1\"},{\"key\":\"a\",\"value\":\"2\"}]}]}",
                        "BAD_REQUEST", "appears twice"},
                {header + "\"config\":[{\"app\":\"neu\",\"profile\":\"p\",\"settings\":{\"format\":\"json\"},\"items\":[{\"key\":\"a\",\"value\":\"kein JSON\"}]}]}",
                        "INVALID_VALUE", "neu/p"},
                {header + "\"config\":[{\"app\":\"neu\",\"profile\":\"p\",\"settings\":{\"format\":\"xml\"},\"items\":[]}]}", "BAD_REQUEST",
                        "config[0]"},
                {header + "\"config\":[{\"app\":\"neu\",\"profile\":\"p\",\"items\":[{\"key\":\"a\",\"value\":\"1\"}]}],"
                        + "\"services\":[{\"service\":\"orders\",\"settings\":{\"protectThreshold\":2}}]}", "BAD_REQUEST", "services[0]"},
                // everything valid up to the last profile, whose JSON format the value breaks: the first profile is not written either
                {header + "\"config\":[{\"app\":\"neu\",\"profile\":\"p\",\"items\":[{\"key\":\"a\",\"value\":\"1\"}]},"
                        + "{\"app\":\"shop\",\"profile\":\"prod\",\"items\":[{\"key\":\"db.json\",\"value\":\"{broken\"}]}]}", "INVALID_VALUE",
                        "shop/prod"},
        };
        settle();
        long before = targetEtcd.probe().revision();
        for (String[] row : rows) {
            TestHttp.Answer a = target.http().post("/api/v1/import", row[0]);
            a.assertError(400, row[1], row[2]);
            assertThat(a.json().get("error").asText()).as(a.text()).containsAnyOf("import document", "not valid JSON");
            assertThat(targetEtcd.probe().revision()).as("nothing written for " + row[0]).isEqualTo(before);
        }
        assertThat(targetEtcd.probe().get("/beacon/config/neu/p/a")).isEmpty();
    }

    /**
     * Waits until the target's history recorder has recorded every config change there is and saved its checkpoint
     * after it: no write is left to come by itself.
     */
    private static void settle() {
        long newest = 0;
        for (JsonNode app : target.http().get("/api/v1/apps").json()) {
            for (JsonNode profile : app.get("profiles")) {
                for (JsonNode item : target.http().get("/api/v1/config/" + app.get("app").asText() + "/" + profile.asText()).json().get("items")) {
                    newest = Math.max(newest, item.get("modRevision").asLong());
                }
            }
        }
        long through = newest;
        await().atMost(Duration.ofSeconds(10)).until(() -> target.server().historyRecorder().recordedThrough() >= through);
        await().atMost(Duration.ofSeconds(10)).until(() -> targetEtcd.probe().get("/beacon/meta/history-checkpoint")
                .map(v -> Long.parseLong(v.trim()) >= target.server().historyRecorder().recordedThrough()).orElse(false));
    }

    static JsonNode profile(JsonNode doc, String app, String profile) {
        return StreamSupport.stream(doc.get("config").spliterator(), false)
                .filter(p -> p.get("app").asText().equals(app) && p.get("profile").asText().equals(profile))
                .findFirst().orElseThrow(() -> new AssertionError("no " + app + "/" + profile + " in " + doc));
    }

    static Map<String, String> results(JsonNode report) {
        Map<String, String> out = new LinkedHashMap<>();
        List<JsonNode> changes = new ArrayList<>();
        report.get("changes").forEach(changes::add);
        changes.forEach(c -> out.put(c.get("kind").asText() + " " + c.get("target").asText(), c.get("result").asText()));
        return out;
    }
}
