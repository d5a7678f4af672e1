package dev.beacon.it.ops;

import dev.beacon.core.etcd.Bytes;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.server.ops.OpsSettings;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestEvents;
import dev.beacon.testkit.TestHttp;
import io.etcd.jetcd.options.GetOption;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server stopped (as on SIGTERM) under an open SSE stream, a WebSocket subscriber, a held long poll and a lock request
 * waiting in its queue: /ready turns 503 while it still serves, it leaves the live servers at once, the stream ends with
 * a resync event, the WebSocket subscriber gets a resync message and a close frame (1001) that says to reconnect, the
 * long poll answers with a hint to poll again, and the waiting lock request answers 503 with a hint to retry (it has
 * left the queue) — all while a write in flight keeps the server draining, which then finishes normally.
 */
class GracefulShutdownIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd, 2)
            .with(s -> s.toBuilder().ops(s.ops().withShutdownTimeout(Duration.ofSeconds(15))).build());

    @Test
    void stopDrainsStreamsSocketsPollsAndWaitingLockRequests() throws Exception {
        TestHttp stopping = beacon.http(0);
        TestHttp other = beacon.http(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> liveServers() == 2);
        assertThat(other.post("/api/v1/locks/drain", json(Map.of("ttl", 30))).status()).isEqualTo(200);
        long revision = stopping.put("/api/v1/config/drain/prod/k", json(Map.of("value", "v"))).json().get("modRevision").asLong();

        TestEvents stream = TestEvents.open(beacon.url(0), "/api/v1/events/config/drain/prod");
        Socket socket = Socket.open(beacon.url(0));
        socket.send("{\"subscribe\":\"config/drain/prod\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> socket.received("subscribed") != null);
        // each request on a thread of its own: the common pool has one thread on two cores, and these block
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(3);
        CompletableFuture<TestHttp.Answer> poll = CompletableFuture.supplyAsync(() ->
                stopping.get("/api/v1/watch/config/drain/prod?revision=" + revision + "&timeout=60s"), callers);
        CompletableFuture<TestHttp.Answer> lock = CompletableFuture.supplyAsync(() ->
                stopping.post("/api/v1/locks/drain", json(Map.of("ttl", 10, "waitMs", 60000))), callers);
        // a write in flight: its body arrives in two parts, the second only once the test has seen the server drain
        String body = json(Map.of("value", "während des Herunterfahrens — 关机时"));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        java.net.Socket upload = new java.net.Socket("127.0.0.1", beacon.server(0).port());
        OutputStream out = upload.getOutputStream();
        out.write(("PUT /api/v1/config/drain/prod/inflight HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes, 0, 5);
        out.flush();
        // the stream, the poll, the lock request, the write and the scrape itself
        await().atMost(Duration.ofSeconds(10)).until(() -> MetricsIT.scrape(stopping).get("beacon_http_in_flight") >= 5);

        CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> beacon.stop(0), callers);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            TestHttp.Answer ready = stopping.get("/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().get("reason").asText()).contains("shutting down");
        });
        assertThat(liveServers()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(stream::ended);
        assertThat(stream.count("resync")).isEqualTo(1);
        TestHttp.Answer polled = poll.join();
        assertThat(polled.status()).isEqualTo(503);
        assertThat(polled.json().get("hint").asText()).contains("poll again");

        // the lock request waiting in the queue is answered deliberately (it would wait 60 s), not cut off as Jetty stops
        TestHttp.Answer locked = lock.join();
        locked.assertError(503, "ETCD_UNAVAILABLE", "shutting down");
        assertThat(locked.json().get("hint").asText()).contains("retry");
        await().atMost(Duration.ofSeconds(10)).until(() -> other.get("/api/v1/locks/drain").json().get("waiters").asInt() == 0); // it left the queue

        // the WebSocket subscriber: a resync (resume after the revision it had) and a close frame that says to reconnect
        await().atMost(Duration.ofSeconds(10)).until(() -> socket.closeCode() != 0);
        JsonNode resync = socket.received("resync");
        assertThat(resync).as("a resync before the close").isNotNull();
        assertThat(resync.get("reason").asText()).isEqualTo("SHUTDOWN");
        assertThat(resync.get("revision").asLong()).isGreaterThanOrEqualTo(revision);
        assertThat(socket.closeCode()).isEqualTo(1001);
        assertThat(socket.closeReason()).contains("reconnect");
        // all of that while the write in flight keeps the server draining; it finishes normally
        assertThat(stop).isNotDone();
        out.write(bytes, 5, bytes.length - 5);
        out.flush();
        String status = new java.io.BufferedReader(new java.io.InputStreamReader(upload.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(status).isEqualTo("HTTP/1.1 200 OK");
        upload.close();
        assertThat(other.get("/api/v1/config/drain/prod/inflight?consistent=true").json().get("value").asText())
                .isEqualTo("während des Herunterfahrens — 关机时");
        await().atMost(Duration.ofSeconds(20)).until(stop::isDone);
        stream.close();
        callers.shutdown();
    }

    /** A WebSocket client that keeps every message and the close frame. */
    private static final class Socket implements WebSocket.Listener {
        private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private volatile int closeCode;
        private volatile String closeReason;
        private WebSocket ws;

        static Socket open(String url) throws Exception {
            Socket s = new Socket();
            s.ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(url.replace("http://", "ws://") + "/api/v1/ws"), s).get(10, TimeUnit.SECONDS);
            return s;
        }

        void send(String text) {
            ws.sendText(text, true).join();
        }

        JsonNode received(String type) {
            return messages.stream().filter(m -> m.path("type").asText().equals(type)).findFirst().orElse(null);
        }

        int closeCode() {
            return closeCode;
        }

        String closeReason() {
            return closeReason;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(new ObjectMapper().readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closeReason = reason;
            closeCode = statusCode;
            return null;
        }
    }

    private static long liveServers() {
        EtcdConnection c = etcd.connection();
        return c.await("read servers", () -> c.client().getKVClient().get(Bytes.of("/beacon/servers/"),
                GetOption.builder().isPrefix(true).build())).getCount();
    }
}
