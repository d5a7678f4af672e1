package dev.beacon.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small blocking JSON client for tests: every call returns status, headers and the parsed body. */
public final class TestHttp {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Duration timeout;
    private final HttpClient client;

    public TestHttp(String base) {
        this(base, Duration.ofSeconds(70), CLIENT);
    }

    private TestHttp(String base, Duration timeout, HttpClient client) {
        this.base = base;
        this.timeout = timeout;
        this.client = client;
    }

    /** The same client, whose requests fail (UncheckedIOException) when no answer comes within {@code limit}: a hang check. */
    public TestHttp withTimeout(Duration limit) {
        return new TestHttp(base, limit, client);
    }

    /** A client for an HTTPS server whose certificate {@code ssl} trusts (e.g. {@link TestCertificates#trusting()}). */
    public TestHttp withSsl(javax.net.ssl.SSLContext ssl) {
        return new TestHttp(base, timeout, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(ssl).build());
    }

    /** One answer: status code, body text, body as JSON (MissingNode when not JSON), and headers. */
    public record Answer(int status, String text, JsonNode json, Map<String, java.util.List<String>> headers) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public long revision() {
            String r = header("X-Beacon-Revision");
            return r == null ? -1 : Long.parseLong(r);
        }

        /**
         * Asserts that this is Beacon's error answer: the status, the {@code code}, and an {@code error} message that
         * contains each of {@code messageParts}. Returns this answer for further checks.
         */
        public Answer assertError(int expectedStatus, String expectedCode, String... messageParts) {
            String what = "answer " + status + " " + text;
            if (status != expectedStatus) {
                throw new AssertionError("expected status " + expectedStatus + ", got " + what);
            }
            if (!expectedCode.equals(json.path("code").asText(null))) {
                throw new AssertionError("expected code " + expectedCode + ", got " + what);
            }
            String message = json.path("error").asText("");
            for (String part : messageParts) {
                if (!message.contains(part)) {
                    throw new AssertionError("expected an error message containing '" + part + "', got " + what);
                }
            }
            return this;
        }
    }

    /** A registration body: address, port, then field/value pairs (e.g. {@code "ttl", 10, "tags", List.of("a")}). */
    public static String instance(String address, int port, Object... more) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("address", address, "port", port));
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return json(body);
    }

    /** Writes a config item at {@code path} as actor "alice" with comment "because", with {@code If-Match} when given. */
    public Answer putItem(String path, String value, Long ifMatch) {
        Map<String, String> headers = ifMatch == null ? Map.of("X-Beacon-Actor", "alice")
                : Map.of("X-Beacon-Actor", "alice", "If-Match", Long.toString(ifMatch));
        return send("PUT", path, json(Map.of("value", value, "comment", "because")), headers);
    }

    public Answer get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Answer delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    public Answer post(String path, String body) {
        return send("POST", path, body, Map.of());
    }

    public Answer put(String path, String body) {
        return send("PUT", path, body, Map.of());
    }

    /** Any method, raw body (null for none), extra headers. */
    public Answer send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), parse(r.body()), r.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** JSON text from a Map/record/etc., for request bodies. */
    public static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
