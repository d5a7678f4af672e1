package dev.beacon.it.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.RawHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that Jetty refuses before any handler runs — a raw newline in the request line, a URI over the
 * limit, ambiguous path encodings, headers too large — still get Beacon's answer: a 4xx with
 * {@code {"error","code"}} JSON in UTF-8, never Jetty's HTML page and never a 5xx. Sent over a raw socket, since
 * an HTTP client would refuse to send most of them.
 */
class MalformedRequestIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("a raw newline in the path", "GET /config/a\nb HTTP/1.1\r\nHost: x\r\n\r\n"),
                Arguments.of("no HTTP version (HTTP/0.9)", "GET /ping\r\n\r\n"),
                Arguments.of("a URI over the limit", "GET /config/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
                Arguments.of("an encoded slash", "GET /api/v1/config/a%2Fb/prod HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                Arguments.of("an encoded NUL", "GET /config/a%00b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                Arguments.of("dot-dot segments", "GET /api/v1/config/../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                Arguments.of("an encoded dot-dot", "GET /api/v1/kv/%2e%2e/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                Arguments.of("headers over the limit", "GET /ping HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n"),
                Arguments.of("a bad Content-Length", "POST /set HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"),
                Arguments.of("an unknown method", "BREW /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                Arguments.of("a bad escape", "GET /config/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                Arguments.of("a %u escape in a path parameter", "GET /api/v1/kv/hx/%u002F_x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void jettysRejectionsAreBeaconsJson(String what, String request) throws Exception {
        RawHttp.Answer answer = RawHttp.send(beacon.url(), request);
        assertThat(answer.status()).as(what + ": the server dropped the connection without an answer").isNotZero();
        assertThat(answer.status()).as(what + ": " + answer.head()).isBetween(400, 499);
        assertThat(answer.head()).as(what).contains("content-type: application/json").contains("charset=utf-8");
        JsonNode body = new ObjectMapper().readTree(answer.body());
        assertThat(body.get("code").asText()).as(what).isNotBlank();
        assertThat(body.get("error").asText()).as(what).isNotBlank();
    }
}
