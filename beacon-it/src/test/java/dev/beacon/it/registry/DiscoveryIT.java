package dev.beacon.it.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.beacon.testkit.TestHttp.instance;
import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Discovery from the mirror: service list, healthy and tag filters, operator status, protection threshold. */
class DiscoveryIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    private final TestHttp http = beacon.http();

    private List<String> ids(String query) {
        return http.get("/api/v1/services/" + query).json().get("instances").findValuesAsText("id");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Map<String, Object> failingCheck() throws IOException {
        return Map.of("tcp", "127.0.0.1:" + closedPort(), "interval", "200ms", "timeout", "1s");
    }

    @Test
    void serviceListCountsInstancesAndHealthyOnes() throws IOException {
        http.put("/api/v1/services/list-a/instances/1", instance("10.0.0.1", 80));
        http.put("/api/v1/services/list-a/instances/2", instance("10.0.0.2", 80, "check", failingCheck()));
        http.put("/api/v1/services/list-b/instances/1", instance("10.0.0.3", 80));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            TestHttp.Answer list = http.get("/api/v1/services");
            assertThat(list.revision()).isPositive();
            JsonNode a = null;
            JsonNode b = null;
            for (JsonNode s : list.json()) {
                a = s.get("service").asText().equals("list-a") ? s : a;
                b = s.get("service").asText().equals("list-b") ? s : b;
            }
            assertThat(a).isNotNull();
            assertThat(a.get("instances").asInt()).isEqualTo(2);
            assertThat(a.get("healthy").asInt()).isEqualTo(1);
            assertThat(b.get("instances").asInt()).isEqualTo(1);
            assertThat(b.get("healthy").asInt()).isEqualTo(1);
        });
    }

    @Test
    void unknownServiceAnswersAnEmptyListWithTheRevision() {
        TestHttp.Answer a = http.get("/api/v1/services/nobody-here");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("instances")).isEmpty();
        assertThat(a.json().get("revision").asLong()).isEqualTo(a.revision());
        assertThat(http.get("/api/v1/services/nobody-here/instances/x").status()).isEqualTo(404);
    }

    @Test
    void tagFilterKeepsInstancesThatCarryEveryTag() {
        http.put("/api/v1/services/tagged/instances/a", instance("10.0.1.1", 80, "tags", List.of("eu", "canary")));
        http.put("/api/v1/services/tagged/instances/b", instance("10.0.1.2", 80, "tags", List.of("eu")));
        http.put("/api/v1/services/tagged/instances/c", instance("10.0.1.3", 80));
        await().atMost(Duration.ofSeconds(5)).until(() -> ids("tagged").size() == 3);

        assertThat(ids("tagged?tag=eu")).containsExactly("a", "b");
        assertThat(ids("tagged?tag=eu&tag=canary")).containsExactly("a");
        assertThat(ids("tagged?tag=us")).isEmpty();
        assertThat(ids("tagged?healthy=true&tag=canary")).containsExactly("a");
    }

    @Test
    void operatorStatusKeepsAnInstanceRegisteredButOutOfHealthyAnswers() {
        http.put("/api/v1/services/ops/instances/a", instance("10.0.2.1", 80));
        http.put("/api/v1/services/ops/instances/b", instance("10.0.2.2", 80));
        await().atMost(Duration.ofSeconds(5)).until(() -> ids("ops?healthy=true").size() == 2);

        TestHttp.Answer set = http.put("/api/v1/services/ops/instances/a/status", json(Map.of("status", "DRAINING")));
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().get("status").asText()).isEqualTo("DRAINING");
        await().atMost(Duration.ofSeconds(5)).until(() -> ids("ops?healthy=true").equals(List.of("b")));
        assertThat(ids("ops")).containsExactly("a", "b");

        http.put("/api/v1/services/ops/instances/b/status", json(Map.of("status", "OUT_OF_SERVICE")));
        await().atMost(Duration.ofSeconds(5)).until(() -> ids("ops?healthy=true").isEmpty());

        // the override survives a re-registration and is cleared by UP
        http.put("/api/v1/services/ops/instances/a", instance("10.0.2.1", 80));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !ids("ops?healthy=true").contains("a"));
        http.put("/api/v1/services/ops/instances/a/status", json(Map.of("status", "UP")));
        await().atMost(Duration.ofSeconds(5)).until(() -> ids("ops?healthy=true").equals(List.of("a")));
        assertThat(http.get("/api/v1/services/ops/instances/a/events").json().findValuesAsText("type"))
                .containsSubsequence("STATUS_SET", "REGISTERED", "STATUS_SET");

        assertThat(http.put("/api/v1/services/ops/instances/missing/status", json(Map.of("status", "UP"))).status()).isEqualTo(404);
    }

    @Test
    void protectionThresholdReturnsEveryInstanceWhenTooFewAreHealthy() throws IOException {
        http.put("/api/v1/services/fragile/instances/ok", instance("10.0.3.1", 80));
        http.put("/api/v1/services/fragile/instances/bad-1", instance("10.0.3.2", 80, "check", failingCheck()));
        http.put("/api/v1/services/fragile/instances/bad-2", instance("10.0.3.3", 80, "check", failingCheck()));
        http.put("/api/v1/services/fragile/instances/drained", instance("10.0.3.4", 80));
        http.put("/api/v1/services/fragile/instances/drained/status", json(Map.of("status", "DRAINING")));
        await().atMost(Duration.ofSeconds(5)).until(() -> ids("fragile?healthy=true").equals(List.of("ok")));
        TestHttp.Answer off = http.get("/api/v1/services/fragile?healthy=true");
        assertThat(off.json().get("reachProtectionThreshold").asBoolean()).isFalse();
        assertThat(off.header("X-Beacon-Protected")).isNull();
        assertThat(http.get("/api/v1/services/fragile/settings").json().get("protectThreshold").asDouble()).isZero();

        assertThat(http.put("/api/v1/services/fragile/settings", json(Map.of("protectThreshold", 0.5))).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> ids("fragile?healthy=true").size() == 3);
        TestHttp.Answer on = http.get("/api/v1/services/fragile?healthy=true");
        assertThat(on.json().get("reachProtectionThreshold").asBoolean()).isTrue();
        assertThat(on.header("X-Beacon-Protected")).isEqualTo("true");
        assertThat(ids("fragile?healthy=true")).containsExactly("bad-1", "bad-2", "ok"); // never the drained one
        assertThat(http.get("/api/v1/services/fragile/settings").json().get("protectThreshold").asDouble()).isEqualTo(0.5);

        http.put("/api/v1/services/fragile/settings", json(Map.of("protectThreshold", 0.2)));
        await().atMost(Duration.ofSeconds(5)).until(() -> ids("fragile?healthy=true").equals(List.of("ok")));
    }
}
