package dev.beacon.it.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Items of the configuration center: write, read (memory and linearizable), If-Match, delete, apps. */
class ConfigApiIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    private final TestHttp http = beacon.http();

    @Test
    void writtenItemIsReadBackAtOnceWithVersionsAndMetadata() {
        TestHttp.Answer w = http.putItem("/api/v1/config/shop/dev/db.url", "jdbc:pg://db/shop", null);
        assertThat(w.status()).isEqualTo(200);
        JsonNode item = w.json();
        assertThat(item.get("app").asText()).isEqualTo("shop");
        assertThat(item.get("key").asText()).isEqualTo("db.url");
        assertThat(item.get("version").asLong()).isEqualTo(1);
        assertThat(item.get("updatedBy").asText()).isEqualTo("alice");
        assertThat(item.get("comment").asText()).isEqualTo("because");
        assertThat(w.revision()).isEqualTo(item.get("modRevision").asLong());
        assertThat(w.header("ETag")).isEqualTo("\"" + w.revision() + "\"");

        TestHttp.Answer r = http.get("/api/v1/config/shop/dev/db.url");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).isEqualTo(item);
        assertThat(r.revision()).isGreaterThanOrEqualTo(w.revision());

        TestHttp.Answer c = http.get("/api/v1/config/shop/dev/db.url?consistent=true");
        assertThat(c.json()).isEqualTo(item);

        TestHttp.Answer second = http.putItem("/api/v1/config/shop/dev/db.url", "jdbc:pg://db2/shop", null);
        assertThat(second.json().get("version").asLong()).isEqualTo(2);
        assertThat(second.json().get("modRevision").asLong()).isGreaterThan(item.get("modRevision").asLong());
    }

    @Test
    void listAnswersEveryItemOfTheProfileInKeyOrderFromMemoryOrConsistently() {
        http.putItem("/api/v1/config/listing/prod/b", "2", null);
        http.putItem("/api/v1/config/listing/prod/a/nested", "1", null);
        http.putItem("/api/v1/config/listing/prod2/other", "x", null);
        TestHttp.Answer list = http.get("/api/v1/config/listing/prod");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items")).extracting(i -> i.get("key").asText()).containsExactly("a/nested", "b");
        assertThat(list.json().get("revision").asLong()).isEqualTo(list.revision());
        TestHttp.Answer consistent = http.get("/api/v1/config/listing/prod?consistent=true");
        assertThat(consistent.json().get("items")).isEqualTo(list.json().get("items"));
        assertThat(http.get("/api/v1/config/listing/none").json().get("items")).isEmpty();
    }

    @Test
    void ifMatchCreatesOnlyOnceAndRefusesAStaleRevisionWithTheCurrentItem() {
        String path = "/api/v1/config/cas/dev/flag";
        long rev = http.putItem(path, "one", 0L).json().get("modRevision").asLong();
        TestHttp.Answer again = http.putItem(path, "dup", 0L);
        again.assertError(409, "VERSION_CONFLICT");
        assertThat(again.json().get("current").get("value").asText()).isEqualTo("one");

        assertThat(http.putItem(path, "two", rev).status()).isEqualTo(200);
        TestHttp.Answer stale = http.putItem(path, "three", rev);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("current").get("value").asText()).isEqualTo("two");
        assertThat(http.get(path).json().get("value").asText()).isEqualTo("two");

        TestHttp.Answer quoted = http.send("PUT", path, json(Map.of("value", "four")),
                Map.of("If-Match", "\"" + http.get(path).json().get("modRevision").asLong() + "\""));
        assertThat(quoted.status()).isEqualTo(200);
        assertThat(http.putItem("/api/v1/config/cas/dev/missing", "v", 5L).status()).isEqualTo(409);
    }

    @Test
    void twoWritersRacingWithTheSameRevisionHaveExactlyOneWinner() throws Exception {
        String path = "/api/v1/config/race/dev/counter";
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                long rev = http.putItem(path, "base-" + round, null).json().get("modRevision").asLong();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<TestHttp.Answer>> answers = new ArrayList<>();
                for (int writer = 0; writer < 2; writer++) {
                    String value = "w" + writer + "-" + round;
                    answers.add(pool.submit(() -> {
                        go.await();
                        return http.putItem(path, value, rev);
                    }));
                }
                go.countDown();
                List<Integer> statuses = new ArrayList<>();
                String winner = null;
                for (Future<TestHttp.Answer> f : answers) {
                    TestHttp.Answer a = f.get();
                    statuses.add(a.status());
                    if (a.status() == 200) {
                        winner = a.json().get("value").asText();
                    }
                }
                assertThat(statuses).containsExactlyInAnyOrder(200, 409);
                assertThat(http.get(path + "?consistent=true").json().get("value").asText()).isEqualTo(winner);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deleteHonoursIfMatchAndAnswers404ForAMissingItem() {
        String path = "/api/v1/config/del/dev/gone";
        long rev = http.putItem(path, "v", null).json().get("modRevision").asLong();
        assertThat(http.send("DELETE", path, null, Map.of("If-Match", Long.toString(rev - 1))).status()).isEqualTo(409);
        TestHttp.Answer deleted = http.send("DELETE", path, null, Map.of("If-Match", Long.toString(rev)));
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("deleted").asLong()).isEqualTo(1);
        assertThat(http.get(path).status()).isEqualTo(404);
        assertThat(http.get(path).json().get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(http.delete(path).status()).isEqualTo(404);
    }

    @Test
    void appsListsEveryAppWithItsProfiles() {
        http.putItem("/api/v1/config/zeta/dev/k", "v", null);
        http.putItem("/api/v1/config/zeta/prod/k", "v", null);
        TestHttp.Answer apps = http.get("/api/v1/apps");
        assertThat(apps.status()).isEqualTo(200);
        JsonNode zeta = null;
        for (JsonNode a : apps.json()) {
            if (a.get("app").asText().equals("zeta")) {
                zeta = a;
            }
        }
        assertThat(zeta).isNotNull();
        assertThat(zeta.get("profiles")).extracting(JsonNode::asText).containsExactly("dev", "prod");
    }

    @Test
    void keysWithSlashesAndTheirSubResourcesAreRoutedApart() {
        http.putItem("/api/v1/config/routes/dev/a/b/c", "deep", null);
        assertThat(http.get("/api/v1/config/routes/dev/a/b/c").json().get("value").asText()).isEqualTo("deep");
        TestHttp.Answer history = http.get("/api/v1/config/routes/dev/a/b/c/history");
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.json().isArray()).isTrue();
        http.putItem("/api/v1/config/routes/dev/history", "a key named history", null);
        assertThat(http.get("/api/v1/config/routes/dev/history").json().get("value").asText()).isEqualTo("a key named history");
    }

    @Test
    void aValueChangedWithEtcdctlShowsUpWithoutBeaconMetadata() throws Exception {
        http.putItem("/api/v1/config/ext/dev/mode", "beacon", null);
        dev.beacon.it.kv.Etcdctl.run(etcd, "put", "/beacon/config/ext/dev/mode", "etcdctl");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> http.get("/api/v1/config/ext/dev/mode").json().get("value").asText().equals("etcdctl"));
        JsonNode item = http.get("/api/v1/config/ext/dev/mode").json();
        assertThat(item.has("updatedBy")).isFalse();
        assertThat(item.get("version").asLong()).isEqualTo(2);
        assertThat(dev.beacon.it.kv.Etcdctl.run(etcd, "get", "--print-value-only", "/beacon/config/ext/dev/mode")).isEqualTo("etcdctl");
    }
}
