package dev.beacon.it.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
                Arguments.of("a bad escape", "GET /config/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void jettysRejectionsAreBeaconsJson(String what, String request) throws Exception {
        URI base = URI.create(beacon.url());
        String answer;
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            answer = readAll(socket.getInputStream());
        } catch (java.net.SocketException reset) {
            throw new AssertionError(what + ": the server dropped the connection without an answer", reset);
        }
        String statusLine = answer.lines().findFirst().orElse("");
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        assertThat(status).as(what + ": " + statusLine).isBetween(400, 499);
        String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase();
        assertThat(head).as(what).contains("content-type: application/json").contains("charset=utf-8");
        String raw = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        JsonNode body = new ObjectMapper().readTree(head.contains("transfer-encoding: chunked") ? dechunk(raw) : raw.trim());
        assertThat(body.get("code").asText()).as(what).isNotBlank();
        assertThat(body.get("error").asText()).as(what).isNotBlank();
    }

    private static String dechunk(String raw) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = raw.indexOf("\r\n", at);
            int size = Integer.parseInt(raw.substring(at, eol).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(raw, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }

    private static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            bytes.write(buf, 0, n);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
