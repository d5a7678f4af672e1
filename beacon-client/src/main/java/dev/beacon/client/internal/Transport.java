package dev.beacon.client.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.api.ErrorCode;
import dev.beacon.client.BeaconClientException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * HTTP calls with failover. Each call has a deadline ({@code callTimeout}, or the call's own); within it the
 * servers are tried in {@link ServerPool#order()} and, when a whole round failed, again after a backoff with
 * jitter. A server "fails" when it cannot be reached, does not answer within the attempt's time, or answers
 * 502/503/504 (a server that lost etcd): the call moves on to the next server. Any other answer, success or error,
 * ends the call. Calls block the calling thread (never call from a listener you need to stay fast); they are
 * thread-safe.
 *
 * <p>A write whose answer was lost may have happened on the failed server and be repeated on the next; config
 * writes with {@code If-Match} and locks (fencing tokens) are safe against that, plain puts are last-writer-wins.
 */
public final class Transport {
    private static final Backoff ROUND = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

    private final ServerPool pool;
    private final HttpClient http;
    private final String token;
    private final String actor;
    private final Duration requestTimeout;
    private final Duration callTimeout;

    /** @param ssl the TLS context for https servers (a private CA), or null for the JDK's default trust */
    public Transport(ServerPool pool, String token, String actor, Duration connectTimeout, Duration requestTimeout,
                     Duration callTimeout, Executor executor, javax.net.ssl.SSLContext ssl) {
        this.pool = pool;
        this.token = token;
        this.actor = actor;
        this.requestTimeout = requestTimeout;
        this.callTimeout = callTimeout;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(connectTimeout).executor(executor)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1);
        this.http = (ssl == null ? b : b.sslContext(ssl)).build();
    }

    /**
     * Releases the HttpClient's own selector thread at once where the JDK allows it (Java 21+: {@code shutdownNow});
     * on Java 17 the thread ends when the client is collected.
     */
    public void close() {
        try {
            HttpClient.class.getMethod("shutdownNow").invoke(http);
        } catch (ReflectiveOperationException | RuntimeException olderJdk) {
            // Java 17: nothing to call
        }
    }

    public HttpClient http() {
        return http;
    }

    public ServerPool pool() {
        return pool;
    }

    public String token() {
        return token;
    }

    public Duration connectTimeout() {
        return http.connectTimeout().orElse(Duration.ofSeconds(5));
    }

    /** One call. {@code type} null answers the raw text; a 304 answers null. */
    public <T> T call(Call call, JavaType type) {
        String text = send(call);
        if (text == null || type == null) {
            @SuppressWarnings("unchecked") T raw = (T) text;
            return raw;
        }
        return Json.read(text, type);
    }

    public <T> T call(Call call, Class<T> type) {
        return call(call, type == null || type == String.class ? null : Json.MAPPER.constructType(type));
    }

    private String send(Call call) {
        return send(call, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), HttpResponse::body);
    }

    /**
     * Downloads a binary answer into {@code target}, written atomically (a temporary file beside it, then a rename), with
     * the same failover and deadline as every call. Returns the number of bytes.
     */
    public long download(Call call, java.nio.file.Path target) {
        java.nio.file.Path dir = target.toAbsolutePath().getParent();
        java.nio.file.Path temp;
        try {
            temp = java.nio.file.Files.createTempFile(dir, target.getFileName().toString(), ".part");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write into " + dir + ": " + e.getMessage(), e);
        }
        try {
            send(call, HttpResponse.BodyHandlers.ofFile(temp), r -> {
                try {
                    return java.nio.file.Files.readString(r.body(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return null;
                }
            });
            long size = java.nio.file.Files.size(temp);
            java.nio.file.Files.move(temp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return size;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                java.nio.file.Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    /**
     * The one call loop: servers in the pool's order, failover on no answer or 502/503/504, rounds with backoff, until
     * the call's deadline. {@code errorText} reads an answer's body as text for an error message.
     */
    private <B> B send(Call call, HttpResponse.BodyHandler<B> handler, java.util.function.Function<HttpResponse<B>, String> errorText) {
        Duration budget = call.budget != null ? call.budget : call.timeout != null ? call.timeout.plus(requestTimeout) : callTimeout;
        long deadline = System.nanoTime() + budget.toNanos();
        Exception last = null;
        String lastAnswer = null;
        for (int round = 0; ; round++) {
            for (URI server : pool.order()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                Duration attempt = call.timeout != null ? call.timeout.plus(requestTimeout) : requestTimeout;
                if (attempt.toNanos() > left) {
                    attempt = Duration.ofNanos(left);
                }
                try {
                    HttpResponse<B> r = http.send(request(server, call, attempt), handler);
                    int status = r.statusCode();
                    if (status == 502 || status == 503 || status == 504) {
                        pool.failed(server);
                        lastAnswer = errorText.apply(r);
                        last = error(server, status, lastAnswer);
                        continue;
                    }
                    pool.succeeded(server);
                    if (status == 304) {
                        return null;
                    }
                    if (status >= 200 && status < 300) {
                        return r.body();
                    }
                    throw error(server, status, errorText.apply(r));
                } catch (IOException e) {
                    pool.failed(server);
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw BeaconClientException.unavailable("interrupted while calling Beacon: " + call.describe(), e);
                }
            }
            long pause = TimeUnit.MILLISECONDS.toNanos(ROUND.delayMillis(round));
            if (deadline - System.nanoTime() <= pause) {
                break;
            }
            LockSupport.parkNanos(pause);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (last instanceof BeaconClientException be) {
            throw be;
        }
        throw BeaconClientException.unavailable("no Beacon server answered " + call.describe() + " within " + budget.toMillis()
                + " ms (" + (last == null ? "deadline passed" : last.getClass().getSimpleName()
                + (last.getMessage() == null ? "" : ": " + last.getMessage())) + ")", last);
    }

    private HttpRequest request(URI server, Call call, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + call.pathAndQuery())).timeout(timeout)
                .header("Accept", call.accept);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (actor != null) {
            b.header("X-Beacon-Actor", actor);
        }
        call.headers.forEach(b::header);
        if (call.bodyFile != null) {
            b.header("Content-Type", call.contentType);
            try {
                b.method(call.method, HttpRequest.BodyPublishers.ofFile(call.bodyFile));
            } catch (java.io.FileNotFoundException e) {
                throw new java.io.UncheckedIOException("cannot read " + call.bodyFile + ": " + e.getMessage(), e);
            }
        } else if (call.body != null) {
            b.header("Content-Type", call.contentType);
            b.method(call.method, HttpRequest.BodyPublishers.ofString(call.body, StandardCharsets.UTF_8));
        } else {
            b.method(call.method, HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    static BeaconClientException error(URI server, int status, String body) {
        ErrorCode code = null;
        String message = "HTTP " + status + " from " + server;
        String hint = null;
        try {
            JsonNode n = Json.tree(body);
            if (n != null && n.hasNonNull("code")) {
                try {
                    code = ErrorCode.valueOf(n.get("code").asText());
                } catch (IllegalArgumentException newerServer) {
                    code = ErrorCode.INTERNAL;
                }
            }
            if (n != null && n.hasNonNull("error")) {
                message = n.get("error").asText();
            } else if (n != null && n.hasNonNull("message")) {
                message = n.get("message").asText();
            }
            hint = n != null && n.hasNonNull("hint") ? n.get("hint").asText() : null;
        } catch (RuntimeException notJson) {
            // keep the status line
        }
        if (code == null) {
            code = status == 404 ? ErrorCode.NOT_FOUND : status == 401 ? ErrorCode.UNAUTHORIZED : status == 403 ? ErrorCode.FORBIDDEN
                    : status == 409 ? ErrorCode.VERSION_CONFLICT : status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
        }
        return new BeaconClientException(code, status, message, hint, null);
    }

    /** Encodes one path segment (UTF-8, spaces as %20). */
    public static String segment(String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("a name is missing or empty");
        }
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Encodes a key that may contain '/': each part on its own. */
    public static String keyPath(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a key is missing or empty");
        }
        StringBuilder b = new StringBuilder();
        for (String part : key.split("/", -1)) {
            if (b.length() > 0 || key.startsWith("/")) {
                b.append('/');
            }
            b.append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return key.startsWith("/") ? b.substring(1) : b.toString();
    }

    /** One request: method, path, optional query, body and headers. Build with the static factories. */
    public static final class Call {
        final String method;
        final String path;
        final Map<String, String> query = new LinkedHashMap<>();
        final Map<String, String> headers = new LinkedHashMap<>();
        String body;
        java.nio.file.Path bodyFile;
        String contentType = "application/json; charset=utf-8";
        String accept = "application/json";
        Duration timeout;
        Duration budget;

        private Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public static Call get(String path) {
            return new Call("GET", path);
        }

        public static Call put(String path, Object body) {
            return new Call("PUT", path).json(body);
        }

        public static Call post(String path, Object body) {
            return new Call("POST", path).json(body);
        }

        public static Call delete(String path) {
            return new Call("DELETE", path);
        }

        public Call json(Object value) {
            body = value == null ? null : Json.write(value);
            return this;
        }

        /** The body is the file's bytes, read anew for each attempt (a large document is never held in memory). */
        public Call file(java.nio.file.Path file, String mediaType) {
            body = null;
            bodyFile = file;
            contentType = mediaType;
            return this;
        }

        public Call text(String text, String mediaType) {
            body = text;
            contentType = mediaType;
            return this;
        }

        public Call accept(String mediaType) {
            accept = mediaType;
            return this;
        }

        public Call query(String name, Object value) {
            if (value != null) {
                query.put(name, String.valueOf(value));
            }
            return this;
        }

        public Call header(String name, Object value) {
            if (value != null) {
                headers.put(name, String.valueOf(value));
            }
            return this;
        }

        /** A call that may legitimately take this long on the server (a lock wait, a long poll), plus the request timeout. */
        public Call serverTime(Duration d) {
            timeout = d;
            return this;
        }

        /** The whole call's deadline, across failover, instead of the client's {@code callTimeout}. */
        public Call deadline(Duration d) {
            budget = d;
            return this;
        }

        String pathAndQuery() {
            if (query.isEmpty()) {
                return path;
            }
            StringBuilder b = new StringBuilder(path).append('?');
            query.forEach((k, v) -> b.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
            return b.substring(0, b.length() - 1);
        }

        String describe() {
            return method + " " + path;
        }
    }
}
