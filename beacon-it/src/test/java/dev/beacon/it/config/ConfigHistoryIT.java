package dev.beacon.it.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.core.config.ConfigSettings;
import dev.beacon.it.kv.Etcdctl;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * History with two Beacon servers on one etcd: every change (through Beacon or etcdctl) recorded exactly
 * once, newest first, with who and why; rollback; retention; compaction; catch-up after all servers were down.
 */
class ConfigHistoryIT {
    static final int RETENTION = 5;
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd, 2)
            .with(s -> s.toBuilder().config(new ConfigSettings(RETENTION, ConfigSettings.DEFAULT_MAX_VALUE_BYTES)).build());

    private final TestHttp a = beacon.http(0);
    private final TestHttp b = beacon.http(1);

    static List<JsonNode> history(TestHttp http, String item) {
        return history(http, item, "");
    }

    static List<JsonNode> history(TestHttp http, String item, String query) {
        TestHttp.Answer h = http.get(item + "/history" + query);
        assertThat(h.status()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        h.json().forEach(out::add);
        return out;
    }

    /** The raw record keys under the item's history prefix, as etcd holds them. */
    static List<String> recordKeys(String app, String profile, String key) {
        return etcd.probe().keys("/beacon/history/" + app + "/" + profile + "/" + key + "/");
    }

    @Test
    void beaconWritesAreRecordedOnceNewestFirstWithActorAndComment() {
        String item = "/api/v1/config/hist/dev/timeout";
        long r1 = a.putItem(item, "1s", null).json().get("modRevision").asLong();
        long r2 = b.putItem(item, "2s", null).json().get("modRevision").asLong();
        long r3 = a.send("DELETE", item + "?comment=cleanup", null, Map.of("X-Beacon-Actor", "bob")).revision();

        await().atMost(Duration.ofSeconds(5)).until(() -> history(a, item).size() == 3);
        List<JsonNode> h = history(b, item);
        assertThat(h).extracting(r -> r.get("modRevision").asLong()).containsExactly(r3, r2, r1);
        assertThat(h).extracting(r -> r.get("op").asText()).containsExactly("DELETE", "PUT", "PUT");
        assertThat(h.get(1).get("value").asText()).isEqualTo("2s");
        assertThat(h.get(1).get("version").asLong()).isEqualTo(2);
        assertThat(h.get(1).get("updatedBy").asText()).isEqualTo("alice");
        assertThat(h.get(1).get("comment").asText()).isEqualTo("because");
        assertThat(h.get(0).get("updatedBy").asText()).isEqualTo("bob");
        assertThat(h.get(0).get("comment").asText()).isEqualTo("cleanup");
        assertThat(h.get(0).has("value")).isFalse();
        assertThat(recordKeys("hist", "dev", "timeout")).hasSize(3);
        // the delete's tombstone metadata is cleaned up once recorded
        await().atMost(Duration.ofSeconds(5)).until(() -> etcd.probe().get("/beacon/meta/config/hist/dev/timeout").isEmpty());
    }

    @Test
    void anEtcdctlEditIsRecordedExactlyOnceWithTwoServersRunning() throws Exception {
        String item = "/api/v1/config/hist/dev/external";
        a.putItem(item, "from-beacon", null);
        Etcdctl.run(etcd, "put", "/beacon/config/hist/dev/external", "from-etcdctl");
        String deleted = Etcdctl.run(etcd, "-w", "json", "del", "/beacon/config/hist/dev/external");
        long deleteRevision = new com.fasterxml.jackson.databind.ObjectMapper().readTree(deleted).get("header").get("revision").asLong();

        await().atMost(Duration.ofSeconds(5)).until(() -> history(a, item).size() == 3);
        List<JsonNode> h = history(a, item);
        assertThat(h).extracting(r -> r.get("op").asText()).containsExactly("DELETE", "PUT", "PUT");
        assertThat(h.get(1).get("value").asText()).isEqualTo("from-etcdctl");
        assertThat(h.get(1).has("updatedBy")).isFalse();
        assertThat(h.get(1).has("updatedAt")).isTrue();
        // once both servers' recorders have handled the delete: still one record per change
        await().atMost(Duration.ofSeconds(5)).until(() -> beacon.server(0).historyRecorder().recordedThrough() >= deleteRevision
                && beacon.server(1).historyRecorder().recordedThrough() >= deleteRevision);
        assertThat(recordKeys("hist", "dev", "external")).hasSize(3).doesNotHaveDuplicates();
        assertThat(history(b, item)).isEqualTo(history(a, item));
    }

    @Test
    void rollbackWritesTheOldValueAsANewChange() {
        String item = "/api/v1/config/hist/dev/pool";
        long r1 = a.putItem(item, "10", null).json().get("modRevision").asLong();
        a.putItem(item, "20", null);
        TestHttp.Answer back = b.post(item + "/rollback", json(Map.of("toRevision", r1)));
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.json().get("value").asText()).isEqualTo("10");
        assertThat(back.json().get("version").asLong()).isEqualTo(3);
        assertThat(back.json().get("comment").asText()).isEqualTo("rollback to revision " + r1);
        assertThat(a.get(item + "?consistent=true").json().get("value").asText()).isEqualTo("10");
        await().atMost(Duration.ofSeconds(5)).until(() -> history(a, item).size() == 3);
        assertThat(history(a, item).get(0).get("value").asText()).isEqualTo("10");

        TestHttp.Answer unknown = a.post(item + "/rollback", json(Map.of("toRevision", r1 + 100_000)));
        assertThat(unknown.status()).isEqualTo(404);
        TestHttp.Answer stale = a.send("POST", item + "/rollback", json(Map.of("toRevision", r1)), Map.of("If-Match", Long.toString(r1)));
        assertThat(stale.status()).isEqualTo(409);
    }

    @Test
    void historyKeepsTheNewestRecordsUpToTheRetention() {
        String item = "/api/v1/config/hist/dev/churn";
        long last = 0;
        for (int i = 0; i < RETENTION + 4; i++) {
            last = a.putItem(item, "v" + i, null).json().get("modRevision").asLong();
        }
        long newest = last;
        await().atMost(Duration.ofSeconds(10)).until(() -> recordKeys("hist", "dev", "churn").size() == RETENTION
                && history(a, item).get(0).get("modRevision").asLong() == newest);
        List<JsonNode> h = history(a, item);
        assertThat(h).extracting(r -> r.get("value").asText()).containsExactly("v8", "v7", "v6", "v5", "v4");
        assertThat(history(a, item, "?limit=2").size()).isEqualTo(2);
        long before = h.get(1).get("modRevision").asLong();
        assertThat(history(a, item, "?before=" + before)).extracting(r -> r.get("value").asText()).containsExactly("v6", "v5", "v4");
    }

    @Test
    void historyReadsKeepWorkingAfterCompaction() {
        String item = "/api/v1/config/hist/dev/compacted";
        a.putItem(item, "old", null);
        a.putItem(item, "new", null);
        await().atMost(Duration.ofSeconds(5)).until(() -> history(a, item).size() == 2);
        etcd.faults().compact();
        assertThat(history(a, item)).extracting(r -> r.get("value").asText()).containsExactly("new", "old");
        b.putItem(item, "after", null);
        await().atMost(Duration.ofSeconds(5)).until(() -> history(b, item).size() == 3);
    }

    @Test
    void changesMadeWhileEveryServerWasDownAreRecordedWhenOneStarts() throws Exception {
        String item = "/api/v1/config/hist/dev/offline";
        a.putItem(item, "online", null);
        await().atMost(Duration.ofSeconds(5)).until(() -> history(a, item).size() == 1);
        // let the recorders save their checkpoint past this change
        await().atMost(Duration.ofSeconds(10)).until(() -> checkpoint() >= a.get(item).json().get("modRevision").asLong());
        beacon.stop(0);
        beacon.stop(1);
        Etcdctl.run(etcd, "put", "/beacon/config/hist/dev/offline", "offline-1");
        Etcdctl.run(etcd, "put", "/beacon/config/hist/dev/offline", "offline-2");
        Etcdctl.run(etcd, "put", "/beacon/config/hist/dev/offline-new", "x");
        Etcdctl.run(etcd, "del", "/beacon/config/hist/dev/offline-new");
        beacon.restart(0);
        beacon.restart(1);
        TestHttp http = beacon.http(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> history(http, item).size() == 3
                && history(http, item + "-new").size() == 2);
        assertThat(history(http, item)).extracting(r -> r.get("value").asText()).containsExactly("offline-2", "offline-1", "online");
        assertThat(history(http, item + "-new")).extracting(r -> r.get("op").asText()).containsExactly("DELETE", "PUT");
    }

    private static long checkpoint() {
        return etcd.probe().get("/beacon/meta/history-checkpoint").map(Long::parseLong).orElse(0L);
    }
}
