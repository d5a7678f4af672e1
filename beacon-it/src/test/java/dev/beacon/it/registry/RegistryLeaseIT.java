package dev.beacon.it.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.beacon.testkit.TestHttp.instance;
import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Instances live on leases: registration, heartbeats, expiry, re-registration, shared leases, deregistration. */
class RegistryLeaseIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    private final TestHttp http = beacon.http();

    private JsonNode find(String service, String id) {
        for (JsonNode i : http.get("/api/v1/services/" + service).json().get("instances")) {
            if (i.get("id").asText().equals(id)) {
                return i;
            }
        }
        return null;
    }

    private List<String> eventTypes(String service, String id) {
        return http.get("/api/v1/services/" + service + "/instances/" + id + "/events").json().findValuesAsText("type");
    }

    @Test
    void registeredInstanceIsDiscoveredUpWithEverythingItRegistered() {
        TestHttp.Answer put = http.put("/api/v1/services/orders/instances/o-1", instance("10.0.0.5", 8080,
                "tags", List.of("blue", "v2"), "metadata", Map.of("zone", "a"), "ttl", 30));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("id").asText()).isEqualTo("o-1");
        assertThat(put.json().get("service").asText()).isEqualTo("orders");
        assertThat(put.json().get("ttl").asLong()).isEqualTo(30);
        assertThat(put.json().get("leaseId").asLong()).isPositive();
        assertThat(put.revision()).isPositive();

        await().atMost(Duration.ofSeconds(5)).until(() -> find("orders", "o-1") != null);
        JsonNode i = find("orders", "o-1");
        assertThat(i.get("address").asText()).isEqualTo("10.0.0.5");
        assertThat(i.get("port").asInt()).isEqualTo(8080);
        assertThat(i.get("tags")).extracting(JsonNode::asText).containsExactly("blue", "v2");
        assertThat(i.get("metadata").get("zone").asText()).isEqualTo("a");
        assertThat(i.get("status").asText()).isEqualTo("UP");
        assertThat(i.get("registeredAt").asText()).isNotEmpty();
        assertThat(i.get("leaseId").asLong()).isEqualTo(put.json().get("leaseId").asLong());
        assertThat(http.get("/api/v1/services/orders/instances/o-1").json().get("address").asText()).isEqualTo("10.0.0.5");
        assertThat(eventTypes("orders", "o-1")).containsExactly("REGISTERED");
    }

    @Test
    void instanceExpiresAfterItsTtlWithoutHeartbeatsAndNotBefore() {
        assertThat(http.put("/api/v1/services/expiry/instances/e-1", instance("10.0.0.6", 80, "ttl", 3)).status()).isEqualTo(200);

        // still there 2 s after registering (TTL 3 s), gone within TTL + 2 s
        await().during(Duration.ofMillis(2000)).atMost(Duration.ofMillis(2900)).until(() -> find("expiry", "e-1") != null);
        await().atMost(Duration.ofSeconds(4)).until(() -> find("expiry", "e-1") == null);

        TestHttp.Answer late = http.put("/api/v1/services/expiry/instances/e-1/heartbeat", null);
        late.assertError(404, "NOT_REGISTERED");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode removal = http.get("/api/v1/services/expiry/instances/e-1/events").json().get(0);
            assertThat(removal.get("type").asText()).isEqualTo("LEASE_EXPIRED");
            assertThat(removal.get("removal").asBoolean()).isTrue();
            assertThat(removal.get("detail").asText()).contains("no heartbeat");
        });

        assertThat(http.put("/api/v1/services/expiry/instances/e-1", instance("10.0.0.6", 80, "ttl", 3)).status()).isEqualTo(200);
        assertThat(http.put("/api/v1/services/expiry/instances/e-1/heartbeat", null).status()).isEqualTo(200);
    }

    @Test
    void heartbeatsKeepAnInstanceAlivePastItsTtl() {
        http.put("/api/v1/services/beating/instances/b-1", instance("10.0.0.7", 80, "ttl", 2));
        await().atMost(Duration.ofSeconds(5)).until(() -> find("beating", "b-1") != null);

        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).pollInterval(Duration.ofMillis(400)).until(() -> {
            TestHttp.Answer beat = http.put("/api/v1/services/beating/instances/b-1/heartbeat", null);
            return beat.status() == 200 && beat.json().get("ttl").asLong() > 0 && find("beating", "b-1") != null;
        });
    }

    @Test
    void rapidHeartbeatsAnsweredFromMemoryStillRenewTheLeaseAndStoppingThemStillExpiresIt() throws Exception {
        long lease = http.put("/api/v1/services/rapid/instances/r-1", instance("10.0.0.10", 80, "ttl", 2)).json().get("leaseId").asLong();
        await().atMost(Duration.ofSeconds(5)).until(() -> find("rapid", "r-1") != null);
        // 4 s of heartbeats 50 ms apart (most answered without a keep-alive of their own): twice the TTL
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            TestHttp.Answer beat = http.put("/api/v1/services/rapid/instances/r-1/heartbeat", null);
            assertThat(beat.status()).isEqualTo(200);
            assertThat(beat.json().get("ttl").asLong()).isPositive();
        });
        assertThat(find("rapid", "r-1")).as("still registered after twice its TTL of heartbeats").isNotNull();
        assertThat(leaseTtl(lease)).isPositive();

        // no more heartbeats: gone within TTL + 2 s, and a late heartbeat is told to register again
        await().atMost(Duration.ofSeconds(4)).until(() -> find("rapid", "r-1") == null);
        http.put("/api/v1/services/rapid/instances/r-1/heartbeat", null).assertError(404, "NOT_REGISTERED");
    }

    @Test
    void aHeartbeatRightAfterDeregistrationIsNotAnsweredFromMemory() {
        http.put("/api/v1/services/quick/instances/q-1", instance("10.0.0.11", 80, "ttl", 10));
        await().atMost(Duration.ofSeconds(5)).until(() -> find("quick", "q-1") != null);
        assertThat(http.put("/api/v1/services/quick/instances/q-1/heartbeat", null).status()).isEqualTo(200);
        assertThat(http.put("/api/v1/services/quick/instances/q-1/heartbeat", null).status()).isEqualTo(200);
        assertThat(http.delete("/api/v1/services/quick/instances/q-1").status()).isEqualTo(200);
        http.put("/api/v1/services/quick/instances/q-1/heartbeat", null).assertError(404, "NOT_REGISTERED");
    }

    @Test
    void reRegisteringKeepsTheLeaseWhileItLivesAndTakesANewOneForAnotherTtl() {
        long first = http.put("/api/v1/services/again/instances/a-1", instance("10.0.0.8", 80, "ttl", 20)).json().get("leaseId").asLong();
        long same = http.put("/api/v1/services/again/instances/a-1", instance("10.0.0.9", 81, "ttl", 20)).json().get("leaseId").asLong();
        assertThat(same).isEqualTo(first);
        await().atMost(Duration.ofSeconds(5)).until(() -> find("again", "a-1") != null && find("again", "a-1").get("port").asInt() == 81);

        long other = http.put("/api/v1/services/again/instances/a-1", instance("10.0.0.9", 81, "ttl", 30)).json().get("leaseId").asLong();
        assertThat(other).isNotEqualTo(first);
        await().atMost(Duration.ofSeconds(5)).until(() -> leaseTtl(first) < 0);
    }

    @Test
    void severalInstancesShareOneLeaseAndTheLastDeregisterRevokesIt() {
        long lease = http.put("/api/v1/services/shared/instances/s-1", instance("10.0.1.1", 80, "ttl", 3)).json().get("leaseId").asLong();
        TestHttp.Answer second = http.put("/api/v1/services/shared/instances/s-2", instance("10.0.1.2", 80, "leaseId", lease));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("leaseId").asLong()).isEqualTo(lease);
        assertThat(second.json().get("ttl").asLong()).isEqualTo(3);

        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(500)).until(() ->
                http.put("/api/v1/services/shared/instances/s-1/heartbeat", null).status() == 200 && find("shared", "s-2") != null);

        assertThat(http.delete("/api/v1/services/shared/instances/s-1").status()).isEqualTo(200);
        assertThat(http.put("/api/v1/services/shared/instances/s-2/heartbeat", null).status()).isEqualTo(200);
        assertThat(leaseTtl(lease)).isPositive();

        assertThat(http.delete("/api/v1/services/shared/instances/s-2").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> leaseTtl(lease) < 0);
    }

    @Test
    void attachingToAnUnknownLeaseAnswersNotRegisteredAndWritesNothing() {
        TestHttp.Answer a = http.put("/api/v1/services/nolease/instances/n-1", instance("10.0.1.3", 80, "leaseId", 123456789));
        a.assertError(404, "NOT_REGISTERED");
        assertThat(etcd.probe().count("/beacon/services/nolease/")).isZero();
    }

    @Test
    void deregisterRemovesAtOnceAndSaysWhy() {
        long lease = http.put("/api/v1/services/leaving/instances/l-1", instance("10.0.1.4", 80)).json().get("leaseId").asLong();
        TestHttp.Answer gone = http.delete("/api/v1/services/leaving/instances/l-1");
        assertThat(gone.status()).isEqualTo(200);
        assertThat(gone.json().get("deleted").asInt()).isEqualTo(1);
        assertThat(etcd.probe().count("/beacon/services/leaving/")).isZero();
        assertThat(etcd.probe().count("/beacon/health/leaving/")).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> leaseTtl(lease) < 0);

        TestHttp.Answer again = http.delete("/api/v1/services/leaving/instances/l-1");
        again.assertError(404, "NOT_FOUND");
        assertThat(http.put("/api/v1/services/leaving/instances/l-1/heartbeat", null).status()).isEqualTo(404);

        JsonNode events = http.get("/api/v1/services/leaving/instances/l-1/events").json();
        assertThat(events.get(0).get("type").asText()).isEqualTo("DEREGISTERED");
        assertThat(events.get(0).get("removal").asBoolean()).isTrue();
        assertThat(events.findValuesAsText("type")).containsOnlyOnce("DEREGISTERED").doesNotContain("LEASE_EXPIRED", "DELETED_BY_OPERATOR");
    }

    @Test
    void keysDeletedOutsideBeaconAreRecordedAsAnOperatorRemovalOnce() {
        http.put("/api/v1/services/manual/instances/m-1", instance("10.0.1.5", 80, "ttl", 60));
        etcd.probe().delete("/beacon/services/manual/m-1");

        await().atMost(Duration.ofSeconds(5)).until(() -> eventTypes("manual", "m-1").contains("DELETED_BY_OPERATOR"));
        assertThat(eventTypes("manual", "m-1")).containsOnlyOnce("DELETED_BY_OPERATOR");
    }

    @Test
    void seedRegisterEndpointGeneratesAnIdAndRegistersWithItsCheck() {
        TestHttp.Answer a = http.post("/v1/registry/register", json(Map.of("service", "seed-svc", "address", "127.0.0.1",
                "port", 9000, "tags", List.of("seed"), "check", Map.of("tcp", "127.0.0.1:1", "interval", "10s"))));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("id").asText()).isEqualTo("127.0.0.1-9000");
        assertThat(a.json().get("leaseId").asLong()).isPositive();

        TestHttp.Answer named = http.post("/v1/registry/register", json(Map.of("service", "seed-svc", "id", "named",
                "address", "127.0.0.2", "port", 9001)));
        assertThat(named.json().get("id").asText()).isEqualTo("named");
        await().atMost(Duration.ofSeconds(5)).until(() -> find("seed-svc", "named") != null && find("seed-svc", "127.0.0.1-9000") != null);
        assertThat(find("seed-svc", "127.0.0.1-9000").get("check").get("tcp").asText()).isEqualTo("127.0.0.1:1");
    }

    private long leaseTtl(long lease) {
        return etcd.probe().leaseTtl(lease);
    }

}
