package dev.beacon.it.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beacon.core.launcher.EtcdNode;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The DR drill, as an operator runs it on a single-machine install (managed etcd): write data, take a snapshot
 * through the API, check it with {@code etcdctl snapshot status}, write more, destroy the server and its etcd data,
 * start again with {@code --restore-from}, verify every item. Prints the measured RTO (from destruction to serving
 * the restored data again, JVM start included) and RPO (the writes after the snapshot, which are gone).
 */
class DisasterRecoveryIT {
    static final int BEFORE = 200;
    static final int AFTER = 20;
    static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir Path dir;
    final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopServers() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void snapshotDestroyRestoreServesEveryItemWrittenBeforeTheSnapshot() throws Exception {
        Path data = dir.resolve("data");
        int port = EtcdNode.freePort();
        Process first = start(data, port, "first.log");
        TestHttp http = awaitUp(port, first);

        Map<String, String> items = new LinkedHashMap<>();
        for (int i = 0; i < BEFORE; i++) {
            String value = "value " + i + " ü€ \"quoted\"\n" + "x".repeat(i);
            items.put("key." + i, value);
            assertThat(http.put("/api/v1/config/drill/prod/key." + i, json(Map.of("value", value))).status()).isEqualTo(200);
        }

        Path snapshot = dir.resolve("beacon.snapshot.db");
        HttpResponse<Path> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/backup/snapshot")).build(), HttpResponse.BodyHandlers.ofFile(snapshot));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        JsonNode status = etcdctlStatus(snapshot);
        assertThat(status.get("totalKey").asLong()).isGreaterThanOrEqualTo(BEFORE);
        assertThat(status.get("revision").asLong()).isGreaterThan(BEFORE);

        for (int i = 0; i < AFTER; i++) {
            assertThat(http.put("/api/v1/config/drill/prod/late." + i, json(Map.of("value", "late"))).status()).isEqualTo(200);
        }

        // the disaster: the server dies with its etcd, and the etcd data is gone
        long etcdPid = Long.parseLong(Files.readString(data.resolve("etcd.pid")).trim());
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(etcdPid).map(h -> !h.isAlive()).orElse(true));
        deleteTree(data.resolve("etcd"));
        long destroyed = System.nanoTime();

        Process second = start(data, port, "second.log", "--restore-from", snapshot.toString());
        awaitUp(port, second);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> http.get("/api/v1/config/drill/prod/key.0").status() == 200);
        long rtoMillis = (System.nanoTime() - destroyed) / 1_000_000;

        for (Map.Entry<String, String> e : items.entrySet()) {
            TestHttp.Answer item = http.get("/api/v1/config/drill/prod/" + e.getKey());
            assertThat(item.status()).isEqualTo(200);
            assertThat(item.json().get("value").asText().getBytes(StandardCharsets.UTF_8))
                    .isEqualTo(e.getValue().getBytes(StandardCharsets.UTF_8));
        }
        int lost = 0;
        for (int i = 0; i < AFTER; i++) {
            lost += http.get("/api/v1/config/drill/prod/late." + i).status() == 404 ? 1 : 0;
        }
        assertThat(lost).isEqualTo(AFTER);
        assertThat(http.get("/api/v1/config/drill/prod/key.1/history").json().size()).isGreaterThanOrEqualTo(1);
        assertThat(http.put("/api/v1/config/drill/prod/after.restore", json(Map.of("value", "ok"))).status()).isEqualTo(200);
        System.out.printf("DR drill: %d items restored byte-equal; RTO %d ms (destroyed to serving, JVM and etcd start included); "
                + "RPO %d of %d writes after the snapshot lost (%d bytes snapshot)%n", BEFORE, rtoMillis, lost, AFTER, Files.size(snapshot));
    }

    private Process start(Path data, int port, String log, String... extra) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.beacon.server.Main",
                "--data-dir", data.toString(), "--port", Integer.toString(port)));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile());
        pb.environment().remove("BEACON_ETCD");
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private TestHttp awaitUp(int port, Process server) {
        TestHttp http = new TestHttp("http://127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() -> {
            assertThat(server.isAlive()).as("server process alive").isTrue();
            try {
                return http.get("/ready").status() == 200;
            } catch (RuntimeException e) {
                return false;
            }
        });
        return http;
    }

    private static JsonNode etcdctlStatus(Path snapshot) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("etcdctl", "snapshot", "status", snapshot.toString(), "-w", "json").redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "3");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("etcdctl snapshot status: %s", out).isZero();
        return MAPPER.readTree(out.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThat(root).doesNotExist();
    }
}
