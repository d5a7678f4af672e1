package dev.beacon.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * A Server-Sent Events client for tests: opens a stream, parses every event into {@link Event}s as they
 * arrive (without a thread of its own), and closes the connection on {@link #close()}.
 *
 * <pre>{@code
 * try (TestEvents events = TestEvents.open(beacon.url(), "/api/v1/events?prefix=app/")) {
 *     beacon.http().post("/set", json(Map.of("key", "app/a", "value", "1")));
 *     await().until(() -> events.count("put") == 1);
 * }
 * }</pre>
 */
public final class TestEvents implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One event: its type ({@code put}, {@code delete}, {@code resync}, {@code error}, or {@code message}), id (last seen) and data. */
    public record Event(String type, String id, JsonNode data) {
        public long revision() {
            return data != null && data.has("modRevision") ? data.get("modRevision").asLong() : Long.parseLong(id);
        }
    }

    private final List<Event> events = new ArrayList<>();
    private final CompletableFuture<HttpResponse<Flow.Publisher<List<java.nio.ByteBuffer>>>> response;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile String lastId;

    private TestEvents(HttpRequest request) {
        this.response = CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofPublisher());
        this.response.whenComplete((r, e) -> {
            if (e != null) {
                ended.complete(null);
            } else {
                r.body().subscribe(new Lines());
            }
        });
    }

    public static TestEvents open(String baseUrl, String path) {
        return open(baseUrl, path, Map.of());
    }

    /** Opens the stream (with extra headers, e.g. {@code Last-Event-ID}) and waits for the response head. */
    public static TestEvents open(String baseUrl, String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Accept", "text/event-stream").GET();
        headers.forEach(b::header);
        TestEvents events = new TestEvents(b.build());
        try {
            events.response.get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot open " + path + ": " + e, e);
        }
        return events;
    }

    /** The response status (200 for a stream; an error status comes with a JSON body that is not parsed here). */
    public int status() {
        return response.join().statusCode();
    }

    /** The response headers. */
    public String header(String name) {
        return response.join().headers().firstValue(name).orElse(null);
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** Only {@code put} and {@code delete} events. */
    public synchronized List<Event> changes() {
        return events.stream().filter(e -> e.type().equals("put") || e.type().equals("delete")).toList();
    }

    public synchronized long count(String type) {
        return events.stream().filter(e -> e.type().equals(type)).count();
    }

    /** The last {@code id:} received (what a browser would send as Last-Event-ID), or null. */
    public String lastId() {
        return lastId;
    }

    /** True once the server ended the stream (or it failed). */
    public boolean ended() {
        return ended.isDone();
    }

    @Override
    public void close() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        response.cancel(true);
    }

    private synchronized void add(Event e) {
        events.add(e);
    }

    /** Splits the body into lines and parses the text/event-stream protocol. */
    private final class Lines implements Flow.Subscriber<List<java.nio.ByteBuffer>> {
        private String type = "message";
        private final StringBuilder data = new StringBuilder();
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        @Override
        public void onNext(List<java.nio.ByteBuffer> buffers) {
            for (java.nio.ByteBuffer b : buffers) {
                while (b.hasRemaining()) {
                    byte c = b.get();
                    if (c == '\n') {
                        onLine(line.toString(java.nio.charset.StandardCharsets.UTF_8));
                        line.reset();
                    } else if (c != '\r') {
                        line.write(c);
                    }
                }
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        private void onLine(String line) {
            if (line.isEmpty()) {
                if (data.length() > 0) {
                    add(new Event(type, lastId, parse(data.toString())));
                }
                type = "message";
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                type = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                if (data.length() > 0) {
                    data.append('\n');
                }
                data.append(line.substring(5).trim());
            } else if (line.startsWith("id:")) {
                lastId = line.substring(3).trim();
            }
        }

        @Override
        public void onError(Throwable t) {
            ended.complete(null);
        }

        @Override
        public void onComplete() {
            ended.complete(null);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("event data is not JSON: " + text, e);
        }
    }
}
