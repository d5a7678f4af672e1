package dev.beacon.it.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.EtcdProbe;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded generator (jqwik) sends hundreds of hostile requests to every write family — wrong types, numbers far
 * beyond 64 bits, {@code 1e400}, control and unpaired-surrogate characters, duplicate keys, nesting thousands
 * deep, truncated JSON, binary bodies, wrong content types — and checks what the server promises: no 5xx, no
 * hang (every answer within 10 s), every 4xx is Beacon's {@code {"error","code"}} JSON, and a refused request
 * wrote nothing (its target key does not exist in etcd afterwards). A request that happens to be valid may write;
 * each try has a target of its own, so the check stays exact. Fixed seed: a failure reproduces.
 */
class HostileInputIT {
    static EtcdExtension etcd;
    static BeaconExtension beacon;
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final AtomicInteger TRIES = new AtomicInteger();
    static final ObjectMapper MAPPER = new ObjectMapper();

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
    }

    @AfterContainer
    static void stop() {
        beacon.close();
        etcd.close();
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
        if (family == Family.SET) { // its key comes from the body: nothing may appear outside the targets' own roots
            assertThat(etcd.probe().keys(EtcdProbe.ALL)).allMatch(k -> k.startsWith("/beacon/") || k.startsWith("hx/") || status == 200);
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
