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

/** The raw key API: prefix listing with limit and paging, compare-and-set, ttl through a lease, a lease's time left, delete. */
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
    void startAfterContinuesAPrefixListingPageByPageInKeyOrder() {
        for (String k : new String[] {"k0", "k1", "k1/child", "k2", "k3", "k4"}) {
            http.put("/api/v1/kv/paged/" + k, json(Map.of("value", k)));
        }
        http.put("/api/v1/kv/paged-other", json(Map.of("value", "outside the prefix")));

        JsonNode first = http.get("/api/v1/kv/paged/?prefix=true&limit=2").json();
        assertThat(first.get("kvs")).extracting(kv -> kv.get("key").asText()).containsExactly("paged/k0", "paged/k1");
        assertThat(first.get("more").asBoolean()).isTrue();

        TestHttp.Answer second = http.get("/api/v1/kv/paged/?prefix=true&limit=2&keysOnly=true&startAfter=paged/k1");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("kvs")).extracting(kv -> kv.get("key").asText()).containsExactly("paged/k1/child", "paged/k2");
        assertThat(second.json().get("more").asBoolean()).isTrue();
        assertThat(second.revision()).isEqualTo(second.json().get("revision").asLong());

        JsonNode last = http.get("/api/v1/kv/paged/?prefix=true&limit=2&startAfter=paged/k2").json();
        assertThat(last.get("kvs")).extracting(kv -> kv.get("key").asText()).containsExactly("paged/k3", "paged/k4");
        assertThat(last.get("more").asBoolean()).isFalse();

        // a key that does not exist is a fine place to start after; past the prefix's last key the page is empty
        JsonNode between = http.get("/api/v1/kv/paged/?prefix=true&startAfter=paged/k25").json();
        assertThat(between.get("kvs")).extracting(kv -> kv.get("key").asText()).containsExactly("paged/k3", "paged/k4");
        JsonNode past = http.get("/api/v1/kv/paged/?prefix=true&startAfter=paged/k4").json();
        assertThat(past.get("kvs")).isEmpty();
        assertThat(past.get("more").asBoolean()).isFalse();
    }

    @Test
    void aLeaseAnswersItsTimeLeftExactlyByIdAnd404OnceGone() {
        TestHttp.Answer registered = http.put("/api/v1/services/lease-svc/instances/one", TestHttp.instance("10.0.0.1", 80, "ttl", 30));
        String leaseId = registered.json().get("leaseId").asText();

        TestHttp.Answer lease = http.get("/api/v1/leases/" + leaseId);
        assertThat(lease.status()).isEqualTo(200);
        assertThat(lease.header("Content-Type")).contains("charset=utf-8");
        assertThat(lease.revision()).isPositive();
        assertThat(lease.json().get("id").isTextual()).as("a 64-bit id travels as a string").isTrue();
        assertThat(lease.json().get("id").asText()).isEqualTo(leaseId);
        assertThat(lease.json().get("grantedTtl").asLong()).isEqualTo(30);
        assertThat(lease.json().get("ttl").asLong()).isBetween(1L, 30L);

        http.delete("/api/v1/services/lease-svc/instances/one"); // revokes the instance's lease
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/leases/" + leaseId).status() == 404);
        http.get("/api/v1/leases/" + leaseId).assertError(404, "NOT_FOUND", leaseId);
        http.get("/api/v1/leases/7").assertError(404, "NOT_FOUND");
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
