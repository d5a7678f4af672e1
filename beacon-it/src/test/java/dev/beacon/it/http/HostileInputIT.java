package dev.beacon.it.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.RawHttp;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded generator (jqwik) sends hundreds of hostile requests to every write family — wrong types, numbers far
 * beyond 64 bits, {@code 1e400}, control and unpaired-surrogate characters, duplicate keys, nesting thousands
 * deep, truncated JSON, binary bodies, wrong content types — and checks what the server promises: no 5xx, no
 * hang (every answer within 10 s), every 4xx is Beacon's {@code {"error","code"}} JSON, and a refused request
 * wrote nothing. A request that happens to be valid may write; each try has a target of its own, so the check stays
 * exact: a watch on the whole keyspace sees every change made while the tries run, and each changed key must belong
 * to an accepted try (its target in the key, or the key an accepted {@code /set} named) or be Beacon's own bookkeeping
 * under {@code /beacon/} that names no refused target. A second generator puts hostile segments into the paths of
 * every family ({@code ..}, {@code %2F}, {@code %00}, bad escapes, overlong, encoded CR LF) with any method over a raw
 * socket: no 5xx, every 4xx JSON, nothing written for a refused one. A third sends hostile WebSocket frames — text that
 * is not the protocol, oversized text, binary — and checks that each is refused as the protocol says and the server
 * keeps serving. Fixed seeds: a failure reproduces.
 */
class HostileInputIT {
    static EtcdExtension etcd;
    static BeaconExtension beacon;
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final AtomicInteger TRIES = new AtomicInteger();
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Every key changed in etcd while the tries ran, as the whole-keyspace watch saw it. */
    static final ConcurrentLinkedQueue<String> CHANGED = new ConcurrentLinkedQueue<>();
    /** Each try's target ("t17") and whether the server accepted it (2xx). */
    static final Map<String, Boolean> ACCEPTED = new ConcurrentHashMap<>();
    /** The keys accepted {@code /set} requests named. */
    static final Set<String> SET_KEYS = ConcurrentHashMap.newKeySet();
    static final Pattern TARGET = Pattern.compile("(?<![A-Za-z0-9])t[0-9]+(?![0-9])");
    static Watch.Watcher everything;

    /** A write endpoint, with the etcd prefix a write to target {@code n} would create keys under. */
    enum Family {
        SET("POST", "/set", null),
        KV("PUT", "/api/v1/kv/hx/%s", "hx/%s"),
        CONFIG_ITEM("PUT", "/api/v1/config/hx/prod/%s", "/beacon/config/hx/prod/%s"),
        CONFIG_BATCH("PUT", "/api/v1/config/hx-%s/prod", "/beacon/config/hx-%s/"),
        LOCK("POST", "/api/v1/locks/hx-%s", "/beacon/locks/hx-%s/"),
        ELECTION("POST", "/api/v1/elections/hx-%s", "/beacon/elections/hx-%s/"),
        SESSION("PUT", "/api/v1/sessions/hx-%s", "/beacon/sessions/hx-%s"),
        REGISTER("PUT", "/api/v1/services/hx/instances/%s", "/beacon/services/hx/%s"),
        SEED_REGISTER("POST", "/v1/registry/register", null);

        final String method;
        final String path;
        final String key;

        Family(String method, String path, String key) {
            this.method = method;
            this.path = path;
            this.key = key;
        }
    }

    @BeforeContainer
    static void start() {
        etcd = EtcdExtension.singleNode().start();
        beacon = BeaconExtension.on(etcd).start();
        ByteSequence all = ByteSequence.from(new byte[]{0});
        everything = etcd.connection().client().getWatchClient().watch(all, WatchOption.builder().withRange(all).build(),
                response -> response.getEvents().forEach(e -> CHANGED.add(e.getKeyValue().getKey().toString(StandardCharsets.UTF_8))));
    }

    @AfterContainer
    static void stop() {
        try {
            checkChangedKeys(); // the last tries' changes
        } finally {
            everything.close();
            beacon.close();
            etcd.close();
        }
    }

    /** Each key changed so far belongs to an accepted try or is Beacon's bookkeeping naming no refused target. */
    static void checkChangedKeys() {
        for (String key; (key = CHANGED.poll()) != null; ) {
            List<String> targets = new ArrayList<>();
            for (Matcher m = TARGET.matcher(key); m.find(); ) {
                targets.add(m.group());
            }
            boolean refusedTarget = targets.stream().anyMatch(t -> Boolean.FALSE.equals(ACCEPTED.get(t)));
            boolean acceptedTarget = targets.stream().anyMatch(t -> Boolean.TRUE.equals(ACCEPTED.get(t)));
            boolean ok = SET_KEYS.contains(key) || (!refusedTarget && (acceptedTarget || key.startsWith("/beacon/")));
            assertThat(ok).as("etcd key %s changed, but no accepted request wrote it", key).isTrue();
        }
    }

    @Property(tries = 4500, seed = "20261207")
    void hostileWritesNeverGetA5xxAndWriteNothingWhenRefused(@ForAll Family family, @ForAll("bodies") byte[] body,
                                                            @ForAll("contentTypes") String contentType) throws Exception {
        String target = "t" + TRIES.incrementAndGet();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(beacon.url() + family.path.replace("%s", target)))
                .timeout(Duration.ofSeconds(10)).method(family.method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (!contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> answer = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        int status = answer.statusCode();
        ACCEPTED.put(target, status < 300);
        if (family == Family.SET && status < 300) {
            SET_KEYS.add(MAPPER.readTree(body).get("key").asText());
        }
        assertThat(status).as("%s %s → %s", family, abbreviate(body), answer.body()).isBetween(200, 499);
        if (status >= 400) {
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).contains("application/json").contains("charset=utf-8");
            JsonNode error = MAPPER.readTree(answer.body());
            assertThat(error.path("error").asText()).as(answer.body()).isNotBlank();
            assertThat(error.path("code").asText()).as(answer.body()).matches("[A-Z_]+");
            if (family.key != null) {
                assertThat(etcd.probe().keys(family.key.replace("%s", target))).as("written by a refused %s", family).isEmpty();
            }
        }
        checkChangedKeys();
    }

    @Property(tries = 1500, seed = "20261209")
    void hostilePathsNeverGetA5xxAndAreAnsweredInJson(@ForAll Family family, @ForAll("methods") String method,
                                                      @ForAll("segments") String segment, @ForAll boolean before) throws Exception {
        String target = "t" + TRIES.incrementAndGet();
        String path = family.path.replace("%s", before ? segment + "_" + target : target + segment);
        String body = "{\"value\":\"v\",\"key\":\"" + target + "\",\"ttl\":30,\"address\":\"10.0.0.1\",\"port\":80}";
        RawHttp.Answer answer = RawHttp.send(beacon.url(), method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        ACCEPTED.put(target, answer.status() >= 200 && answer.status() < 300);
        if (family == Family.SET && answer.status() < 300) {
            SET_KEYS.add(target);
        }
        assertThat(answer.status()).as("%s %s → %s %s", method, path, answer.head(), answer.body()).isBetween(200, 499);
        if (answer.status() >= 400) {
            assertThat(answer.head()).as("%s %s", method, path).contains("content-type: application/json").contains("charset=utf-8");
        }
        if (answer.status() >= 400 && !method.equals("HEAD")) { // a HEAD answer has no body
            JsonNode error = MAPPER.readTree(answer.body());
            assertThat(error.path("error").asText()).as(answer.body()).isNotBlank();
            assertThat(error.path("code").asText()).as(answer.body()).matches("[A-Z_]+");
        }
        checkChangedKeys();
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "BREW");
    }

    @Provide
    Arbitrary<String> segments() {
        Arbitrary<String> pieces = Arbitraries.of("/..", "/../..", "..", "/.", "%2F", "%2f", "%00", "%2e%2e", "%2e%2e%2f", "%", "%zz", "%C0%AF",
                "%E4%BD%A0%E5%A5%BD", "%FF%FE", ";", ";a=b", "//", "%5C", "%09", "%0D%0A", "%20", "+", "?", "?x=%zz", "#", "*", "~",
                "%252F", "%u002F", "%7B%7D", ".json", "/", "/history", "/rollback");
        return Arbitraries.oneOf(pieces.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("", l)),
                Arbitraries.integers().between(100, 9_000).map("a"::repeat));
    }

    @Property(tries = 300, seed = "20261208")
    void hostileWebSocketFramesAreRefusedAndTheServerKeepsServing(@ForAll("frames") Object frame) throws Exception {
        Socket socket = new Socket();
        WebSocket ws = CLIENT.newWebSocketBuilder().buildAsync(URI.create(beacon.url().replace("http://", "ws://") + "/api/v1/ws"), socket)
                .get(10, TimeUnit.SECONDS);
        try {
            boolean protocolText = frame instanceof String text && text.getBytes(StandardCharsets.UTF_8).length <= 60_000;
            boolean sendFailed = false;
            try {
                if (frame instanceof String text) {
                    ws.sendText(text, true).get(10, TimeUnit.SECONDS);
                } else {
                    ws.sendBinary(ByteBuffer.wrap((byte[]) frame), true).get(10, TimeUnit.SECONDS);
                }
            } catch (java.util.concurrent.ExecutionException closedWhileSending) {
                // an oversized frame: the server may close before the client has sent all of it
                assertThat(protocolText).as("sending a frame within the limit failed: %s", closedWhileSending).isFalse();
                sendFailed = true;
            }
            if (protocolText) {
                String text = (String) frame;
                // not the protocol: an error message, and the connection stays usable
                JsonNode error = socket.next();
                assertThat(error.path("type").asText()).as("answer to %s", abbreviate(text.getBytes(StandardCharsets.UTF_8))).isEqualTo("error");
                assertThat(error.path("code").asText()).matches("[A-Z_]+");
                assertThat(error.path("error").asText()).isNotBlank();
                ws.sendText("{\"subscribe\":\"hx/ws\"}", true).get(10, TimeUnit.SECONDS);
                assertThat(socket.next().path("type").asText()).isEqualTo("subscribed");
            } else {
                // oversized text or binary: the server closes with a protocol close code, nothing else (when it closed
                // while the client was still sending, the client may see the connection end without the close frame)
                if (!sendFailed || socket.closed.isDone()) {
                    int code = socket.closed.get(10, TimeUnit.SECONDS);
                    assertThat(code).as("close code for %s", frame instanceof String ? "oversized text" : "binary")
                            .isIn(sendFailed ? new Integer[]{1003, 1009, -1} : new Integer[]{1003, 1009});
                }
                assertThat(socket.messages).isEmpty();
            }
        } finally {
            ws.abort();
        }
        HttpResponse<String> ping = CLIENT.send(HttpRequest.newBuilder(URI.create(beacon.url() + "/ping"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ping.statusCode()).isEqualTo(200);
        checkChangedKeys();
    }

    @Provide
    Arbitrary<Object> frames() {
        // nesting up to 9,000 deep stays under the 64 KiB frame limit ({"a": is 5 bytes and } one)
        Arbitrary<String> deepFrame = Combinators.combine(Arbitraries.integers().between(900, 9_000), Arbitraries.of("[", "{\"a\":"))
                .as((depth, open) -> open.repeat(depth) + "1" + (open.equals("[") ? "]" : "}").repeat(depth));
        Arbitrary<String> text = Arbitraries.oneOf(deepFrame, hostileObject(), truncated(), hostileScalar(), Arbitraries.just(""),
                Arbitraries.of("{\"subscribe\":\"\"}", "{\"subscribe\":7}", "{\"subscribe\":\"config/x\"}",
                        "{\"subscribe\":\"hx/\",\"afterRevision\":-5}", "{\"subscribe\":\"hx/\",\"afterRevision\":\"x\"}",
                        "{\"unsubscribe\":\"never\"}", "{\"subscribe\":\"services/\"}", "{\"subscribe\":\"elections/\"}"));
        Arbitrary<String> oversized = Arbitraries.integers().between(70_000, 2_000_000).map(n -> "{\"subscribe\":\"" + "x".repeat(n) + "\"}");
        Arbitrary<byte[]> binary = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(5000);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, text.map(t -> (Object) t)),
                net.jqwik.api.Tuple.of(1, oversized.map(t -> (Object) t)), net.jqwik.api.Tuple.of(1, binary.map(b -> (Object) b)));
    }

    /** Collects a WebSocket's JSON messages and its close code. */
    static final class Socket implements WebSocket.Listener {
        final java.util.concurrent.LinkedBlockingQueue<JsonNode> messages = new java.util.concurrent.LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        JsonNode next() throws InterruptedException {
            JsonNode m = messages.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("a message within 10 s (closed: %s)", closed.getNow(null)).isNotNull();
            return m;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(MAPPER.readTree(partial.toString()));
                } catch (Exception e) {
                    messages.add(MAPPER.createObjectNode().put("type", "unparsable").put("text", partial.toString()));
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
        }
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/json", "application/json; charset=utf-8", "text/plain", "application/xml",
                "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json; charset=utf-16", "");
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<String> json = Arbitraries.oneOf(deep(), hostileObject(), truncated(), Arbitraries.just(""),
                Arbitraries.just("null"), Arbitraries.just("[]"), hostileScalar());
        return Arbitraries.oneOf(json.map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300));
    }

    private Arbitrary<String> deep() {
        return Combinators.combine(Arbitraries.integers().between(900, 12_000), Arbitraries.of("[", "{\"a\":"))
                .as((depth, open) -> open.repeat(depth) + "1" + (open.equals("[") ? "]" : "}").repeat(depth));
    }

    private Arbitrary<String> hostileScalar() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(20, 5_000).map(n -> "9".repeat(n)),
                Arbitraries.of("1e400", "-1e400", "1e-400", "-0", "0.0000000000000000000001", "NaN", "Infinity",
                        "18446744073709551616", "-9223372036854775809", "true", "null", "{}", "[]"),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(20).map(s -> "\"" + s + "\""),
                Arbitraries.strings().withChars('你', '好', 'ü', 'ß', '\u202e', '\ufeff').ofMaxLength(50).map(MAPPER::valueToTree)
                        .map(Object::toString),
                Arbitraries.of("\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u0000\"", "\"" + "x".repeat(3000) + "\""));
    }

    private Arbitrary<String> hostileObject() {
        List<String> fields = List.of("key", "value", "ttl", "waitMs", "data", "candidate", "address", "port", "tags",
                "metadata", "check", "items", "comment", "owner", "status", "prevRevision", "service", "id");
        Arbitrary<String> member = Combinators.combine(Arbitraries.of(fields), hostileScalar())
                .as((name, value) -> "\"" + name + "\":" + value);
        return member.list().ofMinSize(1).ofMaxSize(6).map(members -> "{" + String.join(",", members) + "}");
    }

    private Arbitrary<String> truncated() {
        return Combinators.combine(hostileObject(), Arbitraries.doubles().between(0.1, 0.9))
                .as((s, cut) -> s.substring(0, Math.max(1, (int) (s.length() * cut))));
    }

    private static String abbreviate(byte[] body) {
        String s = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return s.length() <= 120 ? s : s.substring(0, 120) + "… (" + s.length() + " chars)";
    }
}
