package dev.beacon.it.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.core.etcd.EtcdSettings;
import dev.beacon.core.launcher.EtcdNode;
import dev.beacon.server.BeaconServer;
import dev.beacon.server.ServerSettings;
import dev.beacon.server.ops.OpsSettings;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The doctor on a healthy single node, and against endpoints that cannot be reached. */
class DoctorIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    // the first etcd calls of a cold JVM take 1–2.5 s (class loading, connection set-up): not etcd's slowness
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd, 2)
            .with(s -> s.toBuilder().ops(new OpsSettings(Duration.ofSeconds(5))).build());

    @TempDir static Path dir;

    @Test
    void everyCheckPassesOnAHealthyNodeWithTwoServers() {
        TestHttp http = beacon.http();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            TestHttp.Answer answer = http.get("/api/v1/doctor");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(notPassing(answer.json())).isEmpty();
            assertThat(answer.json().get("status").asText()).isEqualTo("PASS");
        });
        JsonNode checks = http.get("/api/v1/doctor").json().get("checks");
        List<String> names = new ArrayList<>();
        checks.forEach(c -> names.add(c.get("name").asText()));
        assertThat(names).contains("etcd endpoint " + etcd.endpoints().get(0), "etcd leader", "etcd alarms", "etcd database size",
                "etcd raft index spread", "mirror lag", "watch reconnects", "slow etcd requests", "Beacon servers",
                "clock skew between Beacon servers", "file descriptors", "heap headroom");
        assertThat(check(checks, "Beacon servers").get("detail").asText()).startsWith("2 live").contains("0.1.0");
        assertThat(check(checks, "clock skew between Beacon servers").get("detail").asText()).contains("ms");
        assertThat(check(checks, "etcd database size").get("detail").asText()).doesNotContain("assumed");
    }

    @Test
    void anUnreachableEndpointFailsAndNamesTheCommandToCheckIt() {
        String dead = "http://127.0.0.1:" + EtcdNode.freePort();
        try (BeaconServer server = BeaconServer.start(settings(dead))) {
            JsonNode answer = new TestHttp(server.url()).get("/api/v1/doctor").json();
            assertThat(answer.get("status").asText()).isEqualTo("FAIL");
            JsonNode endpoint = check(answer.get("checks"), "etcd endpoint " + dead);
            assertThat(endpoint.get("status").asText()).isEqualTo("FAIL");
            assertThat(endpoint.get("detail").asText()).contains("TCP connect");
            assertThat(endpoint.get("hint").asText()).contains("etcdctl --endpoints=" + dead + " endpoint health");
            assertThat(check(answer.get("checks"), "etcd leader").get("status").asText()).isEqualTo("FAIL");
        }
    }

    @Test
    void anEndpointThatIsNoMemberFailsBesideAHealthyOne() {
        String dead = "http://127.0.0.1:" + EtcdNode.freePort();
        try (BeaconServer server = BeaconServer.start(settings(etcd.endpoints().get(0), dead))) {
            JsonNode checks = new TestHttp(server.url()).get("/api/v1/doctor").json().get("checks");
            JsonNode bad = check(checks, "etcd endpoint " + dead);
            assertThat(bad.get("status").asText()).isEqualTo("FAIL");
            assertThat(bad.get("detail").asText()).contains("no member of the cluster advertises it");
            assertThat(bad.get("hint").asText()).contains("--etcd");
            assertThat(check(checks, "etcd endpoint " + etcd.endpoints().get(0)).get("status").asText()).isEqualTo("PASS");
            assertThat(check(checks, "etcd leader").get("status").asText()).isEqualTo("PASS");
        }
    }

    private static ServerSettings settings(String... endpoints) {
        return BeaconExtension.fastTimeouts(ServerSettings.forEndpoints(dir, endpoints));
    }

    static List<String> notPassing(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("checks").forEach(c -> {
            if (!c.get("status").asText().equals("PASS")) {
                out.add(c.toString());
            }
        });
        return out;
    }

    static JsonNode check(JsonNode checks, String name) {
        for (JsonNode c : checks) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check named " + name + " in " + checks);
    }
}
