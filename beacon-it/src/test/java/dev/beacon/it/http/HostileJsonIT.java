package dev.beacon.it.http;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile JSON — nesting thousands deep, numbers thousands of digits long, strings where numbers belong — is bad
 * input like any other: a 400 {@code {"error","code":"BAD_REQUEST"}} that says what is wrong, never a 500, and
 * nothing is written.
 */
class HostileJsonIT {
    @org.junit.jupiter.api.extension.RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @org.junit.jupiter.api.extension.RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    static final String DEEP_ARRAY = "[".repeat(5000) + "]".repeat(5000);
    static final String DEEP_OBJECT = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);
    static final String LONG_NUMBER = "9".repeat(5000);
    static final String LONG_STRING = "a".repeat(5000);

    static Stream<Arguments> hostileBodies() {
        List<String[]> targets = List.of(
                new String[]{"POST", "/set"},
                new String[]{"PUT", "/api/v1/kv/hostile/k"},
                new String[]{"PUT", "/api/v1/config/hostile/prod/k"},
                new String[]{"PUT", "/api/v1/config/hostile/prod"},
                new String[]{"POST", "/api/v1/locks/hostile"},
                new String[]{"PUT", "/api/v1/sessions/hostile"},
                new String[]{"PUT", "/api/v1/services/hostile/instances/h-1"},
                new String[]{"POST", "/api/v1/elections/hostile"});
        Stream.Builder<Arguments> out = Stream.builder();
        for (String[] t : targets) {
            out.add(Arguments.of(t[0], t[1], "nested arrays", DEEP_ARRAY));
            out.add(Arguments.of(t[0], t[1], "nested objects", DEEP_OBJECT));
            out.add(Arguments.of(t[0], t[1], "a 5,000-digit number", "{\"key\":\"k\",\"value\":" + LONG_NUMBER + "}"));
        }
        // endpoints that take a ttl (seconds): a long string, a huge number and 1e400 where it belongs
        for (String[] t : List.of(new String[]{"PUT", "/api/v1/kv/hostile/k"}, new String[]{"POST", "/api/v1/locks/hostile"},
                new String[]{"PUT", "/api/v1/sessions/hostile"}, new String[]{"POST", "/api/v1/elections/hostile"},
                new String[]{"PUT", "/api/v1/services/hostile/instances/h-1"})) {
            String base = "\"value\":\"v\",\"data\":{},\"candidate\":\"c\",\"address\":\"127.0.0.1\",\"port\":9,";
            out.add(Arguments.of(t[0], t[1], "a long string ttl", "{" + base + "\"ttl\":\"" + LONG_STRING + "\"}"));
            out.add(Arguments.of(t[0], t[1], "a 30-digit ttl", "{" + base + "\"ttl\":" + "9".repeat(30) + "}"));
            out.add(Arguments.of(t[0], t[1], "a 1e400 ttl", "{" + base + "\"ttl\":1e400}"));
        }
        out.add(Arguments.of("PUT", "/api/v1/sessions/hostile", "nested session data", "{\"ttl\":10,\"data\":" + DEEP_OBJECT + "}"));
        return out.build();
    }

    @ParameterizedTest(name = "{0} {1} with {2}")
    @MethodSource("hostileBodies")
    void hostileJsonIsABadRequestAndWritesNothing(String method, String path, String what, String body) {
        TestHttp.Answer a = beacon.http().send(method, path, body, Map.of());
        assertThat(a.status()).as(a.text()).isEqualTo(400);
        assertThat(a.json().get("code").asText()).as(a.text()).isEqualTo("BAD_REQUEST");
        assertThat(a.json().get("error").asText()).hasSizeLessThan(600);
        assertThat(etcd.probe().keys(dev.beacon.testkit.EtcdProbe.ALL)).as("keys written")
                .allMatch(k -> k.startsWith("/beacon/servers/"));
    }

    @org.junit.jupiter.api.Test
    void aChunkedBodyOverTheLimitIsRefusedWith413AndWritesNothing() throws Exception {
        byte[] big = ("{\"value\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(beacon.url() + "/api/v1/kv/chunked/k"))
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build();
        var answer = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
        assertThat(answer.body()).contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
        assertThat(etcd.probe().get("chunked/k")).isEmpty();
    }
}
