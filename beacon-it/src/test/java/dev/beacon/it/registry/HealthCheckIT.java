package dev.beacon.it.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.AfterAll;
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
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Active checks against real local servers: HTTP with flap damping, TCP, deregisterAfter, writes only on change. */
class HealthCheckIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);
    static final ProbeTarget target = ProbeTarget.start();

    private final TestHttp http = beacon.http();

    @AfterAll
    static void stopTarget() {
        target.close();
    }

    private String status(String service, String id) {
        TestHttp.Answer a = http.get("/api/v1/services/" + service + "/instances/" + id);
        return a.status() == 200 ? a.json().get("status").asText() : "GONE";
    }

    private List<String> eventTypes(String service, String id) {
        return http.get("/api/v1/services/" + service + "/instances/" + id + "/events").json().findValuesAsText("type");
    }

    private static Map<String, Object> check(String kind, String target, String interval, Object... more) {
        Map<String, Object> c = new java.util.LinkedHashMap<>(Map.of(kind, target, "interval", interval, "timeout", "1s"));
        for (int i = 0; i < more.length; i += 2) {
            c.put((String) more[i], more[i + 1]);
        }
        return c;
    }

    @Test
    void httpCheckTurnsDownAndUpOnlyAfterTwoResultsInARow() {
        String path = "/flap";
        http.put("/api/v1/services/web/instances/w-1", instance("127.0.0.1", 8080, "check", check("http", target.url(path), "200ms")));
        await().atMost(Duration.ofSeconds(5)).until(() -> status("web", "w-1").equals("UP"));
        JsonNode up = http.get("/api/v1/services/web/instances/w-1").json();
        assertThat(up.get("lastCheck").get("status").asText()).isEqualTo("UP");
        assertThat(up.get("lastCheck").get("output").asText()).contains("200");
        assertThat(up.get("checkedBy").asText()).startsWith("beacon-");

        // one failure alone changes nothing
        target.failNext(path, 1);
        int before = target.count(path);
        await().atMost(Duration.ofSeconds(5)).until(() -> target.count(path) >= before + 4);
        assertThat(status("web", "w-1")).isEqualTo("UP");
        assertThat(eventTypes("web", "w-1")).doesNotContain("CHECK_FAILED");

        target.respond(path, 503);
        await().atMost(Duration.ofSeconds(5)).until(() -> status("web", "w-1").equals("DOWN"));
        assertThat(http.get("/api/v1/services/web/instances/w-1").json().get("lastCheck").get("output").asText()).contains("503");
        assertThat(http.get("/api/v1/services/web?healthy=true").json().get("instances")).isEmpty();
        assertThat(eventTypes("web", "w-1")).contains("CHECK_FAILED");

        target.respond(path, 302);
        await().atMost(Duration.ofSeconds(5)).until(() -> status("web", "w-1").equals("UP"));
        assertThat(eventTypes("web", "w-1").get(0)).isEqualTo("CHECK_PASSED");
    }

    @Test
    void tcpCheckIsUpWhileThePortAcceptsAndDownWhenItCloses() throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        int port = socket.getLocalPort();
        http.put("/api/v1/services/db/instances/d-1", instance("127.0.0.1", port, "check", check("tcp", "127.0.0.1:" + port, "200ms")));
        await().atMost(Duration.ofSeconds(5)).until(() -> status("db", "d-1").equals("UP"));

        socket.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> status("db", "d-1").equals("DOWN"));
        assertThat(http.get("/api/v1/services/db/instances/d-1").json().get("lastCheck").get("output").asText())
                .contains("connection refused");
    }

    @Test
    void instanceDownLongerThanDeregisterAfterIsRemovedWithTheReason() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        http.put("/api/v1/services/doomed/instances/x-1", instance("127.0.0.1", closed, "ttl", 60,
                "check", check("tcp", "127.0.0.1:" + closed, "200ms", "deregisterAfter", "1s")));

        await().atMost(Duration.ofSeconds(8)).until(() -> status("doomed", "x-1").equals("GONE"));
        JsonNode removal = http.get("/api/v1/services/doomed/instances/x-1/events").json().get(0);
        assertThat(removal.get("type").asText()).isEqualTo("DEREGISTERED_BY_CHECK");
        assertThat(removal.get("removal").asBoolean()).isTrue();
        assertThat(removal.get("detail").asText()).contains("deregisterAfter 1s");
        assertThat(eventTypes("doomed", "x-1")).containsOnlyOnce("DEREGISTERED_BY_CHECK").doesNotContain("LEASE_EXPIRED");
    }

    @Test
    void healthRecordIsWrittenOnChangesNotOnEveryProbe() {
        String path = "/steady";
        http.put("/api/v1/services/steady/instances/s-1", instance("127.0.0.1", 8080, "check", check("http", target.url(path), "100ms")));
        await().atMost(Duration.ofSeconds(5)).until(() -> status("steady", "s-1").equals("UP"));
        int before = target.count(path);
        await().atMost(Duration.ofSeconds(10)).until(() -> target.count(path) >= before + 20);

        long version = etcd.probe().version("/beacon/health/steady/s-1");
        assertThat(version).isLessThanOrEqualTo(2); // registered (UNKNOWN), then UP: nothing per probe
    }
}
