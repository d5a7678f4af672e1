package dev.beacon.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client of Beacon's WebSocket ({@code /api/v1/ws}) for tests: connects, sends subscribe messages, and keeps
 * every JSON message received (without a thread of its own) and how the connection closed.
 *
 * <pre>{@code
 * try (TestSocket ws = TestSocket.open(beacon.url())) {
 *     ws.send("{\"subscribe\":\"config/shop/prod\"}");
 *     await().until(() -> !ws.messages(m -> m.path("type").asText().equals("subscribed")).isEmpty());
 * }
 * }</pre>
 */
public final class TestSocket implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<JsonNode> received = new ArrayList<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private TestSocket(String baseUrl) {
        try {
            socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(baseUrl.replaceFirst("^http", "ws") + "/api/v1/ws"), new Listener())
                    .get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot open a WebSocket to " + baseUrl + ": " + e, e);
        }
    }

    public static TestSocket open(String baseUrl) {
        return new TestSocket(baseUrl);
    }

    /** Sends one text message and waits until it is sent. */
    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The messages received so far that match {@code filter}, in arrival order. */
    public List<JsonNode> messages(Predicate<JsonNode> filter) {
        synchronized (received) {
            return received.stream().filter(filter).toList();
        }
    }

    /** The {@code put} and {@code delete} messages received so far for {@code subscription}, in arrival order. */
    public List<JsonNode> changes(String subscription) {
        return messages(m -> subscription.equals(m.path("subscription").asText())
                && (m.path("type").asText().equals("put") || m.path("type").asText().equals("delete")));
    }

    /** True once the server closed the connection (or it broke). */
    public boolean isClosed() {
        return closed.isDone();
    }

    /** The close status and reason ("1001 shutting down"), or null while open. */
    public String closeReason() {
        return closed.getNow(null);
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = MAPPER.readTree(partial.toString());
                    synchronized (received) {
                        received.add(message);
                    }
                } catch (Exception e) {
                    closed.complete("unparsable message: " + partial);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete("error: " + error);
        }
    }
}
