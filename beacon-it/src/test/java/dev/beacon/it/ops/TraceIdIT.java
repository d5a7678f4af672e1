package dev.beacon.it.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.beacon.core.launcher.EtcdNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real server process with {@code --log-format json}: the caller's {@code traceparent} is continued (same trace
 * id, a new span id) and its trace id is in the request's log lines; a request without one gets a new trace.
 */
class TraceIdIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @TempDir static Path dir;

    static final ObjectMapper MAPPER = new ObjectMapper();
    static Path log;
    static Process server;
    static TestHttp http;

    @BeforeAll
    static void startServer() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        int port = EtcdNode.freePort();
        log = dir.resolve("server.log");
        server = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.beacon.server.Main",
                "--etcd", etcd.endpoints().get(0), "--port", Integer.toString(port), "--data-dir", dir.toString(),
                "--log-format", "json")
                // logs go to stdout; stderr holds only what the JVM itself prints (e.g. JDK 25's sun.misc.Unsafe warnings)
                .redirectOutput(log.toFile()).redirectError(dir.resolve("server.err").toFile()).start();
        http = new TestHttp("http://127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(server.isAlive()).as("server process alive; its output: %s %s", lines(),
                    Files.readString(dir.resolve("server.err"))).isTrue();
            try {
                return http.get("/ping").status() == 200;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    static List<String> lines() throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            server.waitFor();
        }
    }

    @Test
    void theCallersTraceIdIsAnsweredAndInTheAccessLogLine() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        TestHttp.Answer answer = http.send("PUT", "/api/v1/config/trace/prod/greeting", json(Map.of("value", "hi")),
                Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01", "X-Request-Id", "req-trace-1"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("traceparent")).matches("00-" + traceId + "-[0-9a-f]{16}-01").doesNotContain("00f067aa0ba902b7");
        assertThat(answer.header("X-Trace-Id")).isEqualTo(traceId);

        JsonNode line = await().atMost(Duration.ofSeconds(10)).until(() -> jsonLines().stream()
                .filter(l -> traceId.equals(l.path("mdc").path("traceId").asText())).findFirst().orElse(null), l -> l != null);
        assertThat(line.path("loggerName").asText()).isEqualTo("beacon.access");
        assertThat(line.path("formattedMessage").asText()).contains("PUT /api/v1/config/trace/prod/greeting 200").doesNotContain("trace=");
        assertThat(line.path("mdc").path("requestId").asText()).isEqualTo("req-trace-1");
        assertThat(line.path("mdc").path("spanId").asText()).isEqualTo(answer.header("traceparent").split("-")[2]);
    }

    @Test
    void aRequestWithoutTraceparentOrWithAnInvalidOneStartsANewTrace() {
        for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("traceparent", "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01"))) {
            TestHttp.Answer answer = http.send("GET", "/ping", null, headers);
            String traceId = answer.header("X-Trace-Id");
            assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
            assertThat(answer.header("traceparent")).startsWith("00-" + traceId + "-");
            await().atMost(Duration.ofSeconds(10)).until(() -> jsonLines().stream()
                    .anyMatch(l -> traceId.equals(l.path("mdc").path("traceId").asText())
                            && l.path("formattedMessage").asText().startsWith("GET /ping 200")));
        }
    }

    @Test
    void everyLineIsOneJsonObject() throws IOException {
        assertThat(lines()).isNotEmpty();
        for (String l : lines()) {
            assertThat(parse(l)).as("a JSON object: %s", l).isNotNull();
        }
    }

    private static List<JsonNode> jsonLines() throws IOException {
        return lines().stream().map(TraceIdIT::parse).filter(n -> n != null).toList();
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode n = MAPPER.readTree(line);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }
}
