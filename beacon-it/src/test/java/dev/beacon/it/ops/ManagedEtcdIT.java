package dev.beacon.it.ops;

import dev.beacon.core.launcher.EtcdNode;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server as a user starts it (a separate JVM, no --etcd): it runs its own etcd, keeps the data
 * across restarts, and leaves no etcd behind, whether stopped politely or killed.
 */
class ManagedEtcdIT {
    @TempDir Path dir;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void dataSurvivesARestartAndNoEtcdOutlivesTheServer() throws Exception {
        Path data = dir.resolve("data");
        int port = EtcdNode.freePort();
        Process first = startServer(data, port, Map.of());
        TestHttp http = new TestHttp("http://127.0.0.1:" + port);
        awaitUp(http, first);
        assertThat(http.post("/set", json(Map.of("key", "durable", "value", "kept"))).status()).isEqualTo(200);
        long etcdPid = etcdPid(data);
        assertThat(ProcessHandle.of(etcdPid).map(ProcessHandle::isAlive)).contains(true);
        assertThat(Files.exists(data.resolve("etcd.log"))).isTrue();

        first.destroy(); // SIGTERM: the shutdown hook stops etcd
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !alive(etcdPid));

        Process second = startServer(data, port, Map.of());
        awaitUp(http, second);
        assertThat(http.get("/config/durable").json().get("value").asText()).isEqualTo("kept");
        long secondEtcd = etcdPid(data);

        second.destroyForcibly(); // SIGKILL: no shutdown hook runs; the watchdog still stops etcd
        second.waitFor(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(15)).until(() -> !alive(secondEtcd));
    }

    @Test
    void missingEtcdBinaryFailsWithOneClearMessage() throws Exception {
        Process p = startServer(dir.resolve("data"), EtcdNode.freePort(), Map.of("PATH", dir.toString()));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isNotZero();
        assertThat(out).contains("etcd was not found").contains("apt-get install etcd-server");
    }

    private Process startServer(Path data, int port, Map<String, String> env) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.beacon.server.Main", "--data-dir", data.toString(), "--port", Integer.toString(port))
                .redirectErrorStream(true);
        pb.environment().remove("BEACON_ETCD");
        pb.environment().remove("BEACON_ETCD_BIN");
        pb.environment().putAll(env);
        if (env.isEmpty()) {
            pb.redirectOutput(dir.resolve("server-" + started.size() + ".log").toFile());
        }
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static void awaitUp(TestHttp http, Process server) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(server.isAlive()).as("server process alive").isTrue();
            try {
                return http.get("/ping").status() == 200;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private static long etcdPid(Path data) throws IOException {
        return Long.parseLong(Files.readString(data.resolve("etcd.pid")).trim());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
