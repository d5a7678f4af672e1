package dev.beacon.it.registry;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static dev.beacon.testkit.TestHttp.instance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Beacon server process is SIGKILLed while it runs half of the health checks: no shutdown hook, no revoke — its
 * server lease just stops being kept alive. Asserted: the survivor takes over every check once that lease expires
 * (within its TTL plus a few seconds), and instances whose heartbeats go to the survivor stay registered meanwhile.
 * Reported: how long after the kill every instance is probed by the survivor.
 */
class ServerKillReliabilityIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);
    static final ProbeTarget target = ProbeTarget.start();
    static final int INSTANCES = 12;
    static final int SERVER_LEASE_TTL = 3;

    @AfterAll
    static void stopTarget() {
        target.close();
    }

    @Test
    void aKilledServersChecksMoveToTheSurvivorWithinItsLeaseTtl() throws Exception {
        Process other = startServerProcess();
        try {
            TestHttp http = beacon.http();
            for (int i = 0; i < INSTANCES; i++) {
                assertThat(http.put("/api/v1/services/killed/instances/k-" + i, instance("127.0.0.1", 8000 + i, "ttl", 30,
                        "check", Map.of("http", target.url("/k-" + i), "interval", "200ms"))).status()).isEqualTo(200);
            }
            String survivor = beacon.server().registry().membership().id();
            // both servers probe: the instances are split between them
            await().atMost(Duration.ofSeconds(30)).until(() -> probers().size() == 2 && probers().contains(survivor));

            other.destroyForcibly(); // SIGKILL
            other.waitFor(30, TimeUnit.SECONDS);
            long killedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(SERVER_LEASE_TTL + 10)).until(() -> {
                for (int i = 0; i < INSTANCES; i++) {
                    http.put("/api/v1/services/killed/instances/k-" + i + "/heartbeat", null); // heartbeats reach the survivor
                }
                return probers().equals(Set.of(survivor));
            });
            System.out.println("every check ran on the survivor " + (System.nanoTime() - killedAt) / 1_000_000
                    + " ms after the other server was SIGKILLed (server lease TTL " + SERVER_LEASE_TTL + " s)");
            assertThat(http.get("/api/v1/services/killed").json().get("instances")).hasSize(INSTANCES);
        } finally {
            other.destroyForcibly();
        }
    }

    /** The servers that probed any instance since the last look. */
    private static Set<String> probers() {
        Set<String> out = new java.util.HashSet<>();
        target.reset();
        await().atMost(Duration.ofSeconds(5)).until(() -> IntStream.range(0, INSTANCES).allMatch(i -> target.count("/k-" + i) >= 2));
        IntStream.range(0, INSTANCES).forEach(i -> out.addAll(target.checkers("/k-" + i)));
        return out;
    }

    private static Process startServerProcess() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("beacon-killed-");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.beacon.server.Main",
                "--port", Integer.toString(port), "--data-dir", dir.toString(), "--etcd", String.join(",", etcd.endpoints()),
                "--server-lease-ttl", SERVER_LEASE_TTL + "s", "--etcd-check-interval", "500ms")
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        TestHttp http = new TestHttp("http://127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(p.isAlive()).as("server process alive (log: %s)", dir.resolve("server.log")).isTrue();
            try {
                return http.get("/ready").status() == 200;
            } catch (RuntimeException e) {
                return false;
            }
        });
        return p;
    }
}
