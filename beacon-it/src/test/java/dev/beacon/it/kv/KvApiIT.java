package dev.beacon.it.kv;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The raw key API: prefix listing with limit, compare-and-set, ttl through a lease, delete. */
class KvApiIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    private final TestHttp http = beacon.http();

    @Test
    void prefixListingReturnsKeysInOrderAndHonoursTheLimit() {
        for (int i = 0; i < 5; i++) {
            assertThat(http.put("/api/v1/kv/list/k" + i, json(Map.of("value", "v" + i))).status()).isEqualTo(200);
        }
        http.put("/api/v1/kv/listing-other", json(Map.of("value", "x")));

        TestHttp.Answer all = http.get("/api/v1/kv/list/?prefix=true");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().get("kvs")).extracting(kv -> kv.get("key").asText())
                .containsExactly("list/k0", "list/k1", "list/k2", "list/k3", "list/k4");
        assertThat(all.json().get("more").asBoolean()).isFalse();
        assertThat(all.revision()).isEqualTo(all.json().get("revision").asLong());

        TestHttp.Answer two = http.get("/api/v1/kv/list/?prefix=true&limit=2&keysOnly=true");
        assertThat(two.json().get("kvs")).hasSize(2);
        assertThat(two.json().get("more").asBoolean()).isTrue();
        assertThat(two.json().get("kvs").get(0).has("value")).isFalse();
    }

    @Test
    void singleKeyReadShowsVersionsAndMissingKeyIs404() {
        http.put("/api/v1/kv/single", json(Map.of("value", "a")));
        http.put("/api/v1/kv/single", json(Map.of("value", "b")));
        JsonNode kv = http.get("/api/v1/kv/single").json().get("kvs").get(0);
        assertThat(kv.get("value").asText()).isEqualTo("b");
        assertThat(kv.get("version").asLong()).isEqualTo(2);
        assertThat(kv.get("modRevision").asLong()).isGreaterThan(kv.get("createRevision").asLong());

        TestHttp.Answer missing = http.get("/api/v1/kv/never-written");
        missing.assertError(404, "NOT_FOUND");
    }

    @Test
    void compareAndSetWithAStaleRevisionAnswers409AndKeepsTheValue() {
        long rev = http.put("/api/v1/kv/cas", json(Map.of("value", "one", "prevRevision", 0))).json().get("modRevision").asLong();

        TestHttp.Answer createAgain = http.put("/api/v1/kv/cas", json(Map.of("value", "dup", "prevRevision", 0)));
        createAgain.assertError(409, "REVISION_MISMATCH");

        TestHttp.Answer ok = http.put("/api/v1/kv/cas", json(Map.of("value", "two", "prevRevision", rev)));
        assertThat(ok.status()).isEqualTo(200);

        TestHttp.Answer stale = http.put("/api/v1/kv/cas", json(Map.of("value", "three", "prevRevision", rev)));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("current").get("value").asText()).isEqualTo("two");
        assertThat(http.get("/api/v1/kv/cas").json().get("kvs").get(0).get("value").asText()).isEqualTo("two");
    }

    @Test
    void keyWrittenWithTtlDisappearsAfterExpiry() {
        TestHttp.Answer put = http.put("/api/v1/kv/ephemeral", json(Map.of("value", "soon gone", "ttl", 2)));
        assertThat(put.status()).isEqualTo(200);
        JsonNode kv = http.get("/api/v1/kv/ephemeral").json().get("kvs").get(0);
        assertThat(kv.get("lease").asLong()).isNotZero();

        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/kv/ephemeral").status() == 404);
    }

    @Test
    void deleteRemovesOneKeyOrAPrefixAndHonoursPrevRevision() {
        long rev = http.put("/api/v1/kv/del/a", json(Map.of("value", "1"))).json().get("modRevision").asLong();
        http.put("/api/v1/kv/del/b", json(Map.of("value", "2")));
        http.put("/api/v1/kv/del/c", json(Map.of("value", "3")));

        assertThat(http.delete("/api/v1/kv/del/a?prevRevision=" + (rev - 1)).status()).isEqualTo(409);
        assertThat(http.delete("/api/v1/kv/del/a?prevRevision=" + rev).json().get("deleted").asLong()).isEqualTo(1);
        assertThat(http.delete("/api/v1/kv/del/?prefix=true").json().get("deleted").asLong()).isEqualTo(2);
        assertThat(http.get("/api/v1/kv/del/?prefix=true").json().get("kvs")).isEmpty();
    }
}
