package dev.beacon.it.http;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * German and Chinese text arrives intact through every read path, and every answer with a body says
 * {@code charset=utf-8} whatever its media type — a client that decodes by the declared charset (as Spring's
 * RestTemplate does for {@code application/vnd.spring-cloud.config-server.v2+json}) gets the same text.
 * The bodies are decoded here by hand, by the charset the answer declares, with ISO-8859-1 when none is.
 */
class Utf8IT {
    static final String GERMAN = "Grüße aus Köln";
    static final String CHINESE = "你好，世界";

    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static long firstRevision;

    @BeforeAll
    static void writeNonAsciiValues() {
        TestHttp http = beacon.http();
        firstRevision = http.put("/api/v1/config/utf8/default/greeting.de", json(Map.of("value", GERMAN))).revision();
        http.put("/api/v1/config/utf8/default/greeting.zh", json(Map.of("value", CHINESE)));
        http.post("/set", json(Map.of("key", "utf8/seed", "value", GERMAN + " " + CHINESE)));
        http.put("/api/v1/services/utf8-svc/instances/i-1", json(Map.of("address", "127.0.0.1", "port", 9,
                "metadata", Map.of("zone", CHINESE))));
        http.put("/api/v1/sessions/utf8-session", json(Map.of("data", Map.of("user", GERMAN), "ttl", 30)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "/config/utf8/seed                                |                                                   | both",
            "/config?key=utf8/seed                            |                                                   | both",
            "/api/v1/kv/utf8/seed                             |                                                   | both",
            "/api/v1/config/utf8/default                      |                                                   | both",
            "/api/v1/config/utf8/default?consistent=true      |                                                   | both",
            "/api/v1/config/utf8/default?format=properties    |                                                   | escaped",
            "/api/v1/config/utf8/default?format=yaml          |                                                   | both",
            "/api/v1/config/utf8/default?format=json          |                                                   | both",
            "/api/v1/config/utf8/default/greeting.zh          |                                                   | zh",
            "/api/v1/config/utf8/default/greeting.de/history  |                                                   | de",
            "/scc/utf8/default                                | application/vnd.spring-cloud.config-server.v2+json | both",
            "/scc/utf8/default                                | application/json                                   | both",
            "/api/v1/services/utf8-svc                        |                                                   | zh",
            "/api/v1/sessions/utf8-session                    |                                                   | de",
            "/api/v1/watch/config/utf8/default?revision=0     |                                                   | both",
    })
    void everyReadPathAnswersUtf8AndSaysSo(String path, String accept, String expect) throws Exception {
        HttpResponse<byte[]> r = send(path, accept == null ? "application/json" : accept);
        assertThat(r.statusCode()).isEqualTo(200);
        String text = decodeAsDeclared(r);
        switch (expect) {
            case "de" -> assertThat(text).contains(GERMAN);
            case "zh" -> assertThat(text).contains(CHINESE);
            case "escaped" -> assertThat(text).contains("Gr\\u00FC\\u00DFe").contains("\\u4F60\\u597D");
            default -> assertThat(text).contains(GERMAN).contains(CHINESE);
        }
    }

    @Test
    void errorsSayUtf8AndCarryNonAsciiNamesIntact() throws Exception {
        HttpResponse<byte[]> r = send("/api/v1/config/utf8/default/" + encode("不存在"), "application/json");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(decodeAsDeclared(r)).contains("不存在").contains("\"code\":\"NOT_FOUND\"");
    }

    @Test
    void serverSentEventsSayUtf8() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(beacon.url() + "/api/v1/events/config/utf8/default?fromRevision="
                + (firstRevision - 1))).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).build();
        HttpResponse<InputStream> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = r.body()) {
            assertThat(r.headers().firstValue("Content-Type").orElse("")).containsIgnoringCase("charset=utf-8");
            BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null && !line.contains("greeting.de")) {
                // skip to the first change's data
            }
            assertThat(line).contains(GERMAN);
        }
    }

    private static HttpResponse<byte[]> send(String path, String accept) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(beacon.url() + path)).header("Accept", accept)
                .timeout(Duration.ofSeconds(10)).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The body decoded by the charset its Content-Type declares; the answer must declare UTF-8. */
    private static String decodeAsDeclared(HttpResponse<byte[]> r) {
        String type = r.headers().firstValue("Content-Type").orElse("");
        assertThat(type).as("Content-Type of %s", r.uri()).containsIgnoringCase("charset=utf-8");
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
