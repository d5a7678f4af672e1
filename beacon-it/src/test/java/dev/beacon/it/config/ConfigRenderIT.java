package dev.beacon.it.config;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * App/profile answers rendered once per revision: an ETag that {@code If-None-Match} turns into 304 (with the
 * revision header still exact), a new body and tag after a change, and a gzip body equal to the plain one.
 */
class ConfigRenderIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    private final TestHttp http = beacon.http();

    @Test
    void aRenderedAnswerIsNotSentAgainWhileItsTagHoldsAndChangesWithItsItems() {
        assertThat(http.putItem("/api/v1/config/render/prod/greeting", "Grüße, 你好", null).status()).isEqualTo(200);
        for (String format : new String[]{"", "?format=properties", "?format=yaml", "?format=json"}) {
            String path = "/api/v1/config/render/prod" + format;
            // the JSON list carries the revision, which the history record written after the put still moves
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                TestHttp.Answer first = http.get(path);
                assertThat(first.status()).isEqualTo(200);
                // a properties document escapes what is not Latin-1 (java.util.Properties)
                assertThat(first.text()).contains(format.contains("properties") ? "greeting=Gr\\u00FC\\u00DFe, \\u4F60\\u597D" : "Grüße, 你好");
                String tag = first.header("ETag");
                assertThat(tag).as(path).isNotBlank();

                TestHttp.Answer again = http.send("GET", path, null, Map.of("If-None-Match", tag));
                assertThat(again.status()).as(path).isEqualTo(304);
                assertThat(again.text()).isEmpty();
                assertThat(again.header("ETag")).isEqualTo(tag);
                assertThat(again.revision()).isEqualTo(first.revision());
            });
            assertThat(http.send("GET", path, null, Map.of("If-None-Match", "W/\"other\"")).status()).isEqualTo(200);
        }

        TestHttp.Answer before = http.get("/api/v1/config/render/prod?format=properties");
        assertThat(http.putItem("/api/v1/config/render/prod/greeting", "Tschüß", null).status()).isEqualTo(200);
        TestHttp.Answer after = http.send("GET", "/api/v1/config/render/prod?format=properties", null,
                Map.of("If-None-Match", before.header("ETag")));
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.text()).contains("greeting=Tsch\\u00FC\\u00DF").doesNotContain("Gr\\u00FC");
        assertThat(after.header("ETag")).isNotEqualTo(before.header("ETag"));
        assertThat(after.revision()).isGreaterThan(before.revision());
        // the revision header follows the mirror, not the cached body: a change elsewhere moves it
        assertThat(http.putItem("/api/v1/config/render/other/x", "1", null).status()).isEqualTo(200);
        TestHttp.Answer unrelated = http.send("GET", "/api/v1/config/render/prod?format=properties", null,
                Map.of("If-None-Match", after.header("ETag")));
        assertThat(unrelated.status()).isEqualTo(304);
        assertThat(unrelated.revision()).isGreaterThan(after.revision());
    }

    @Test
    void aLargeAnswerComesGzippedWhenAskedAndPlainOtherwise() throws Exception {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            items.append(i == 0 ? "" : ",").append("\"key").append(i).append("\":\"Wert ").append(i).append(" — 值\"");
        }
        assertThat(http.put("/api/v1/config/render/big", "{\"items\":{" + items + "}}").status()).isEqualTo(200);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String format : new String[]{"", "?format=properties"}) {
            URI uri = URI.create(beacon.url() + "/api/v1/config/render/big" + format);
            // the same revision for both (the history record written after the batch moves it once more)
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    client.send(HttpRequest.newBuilder(uri).header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.discarding())
                            .headers().firstValue("X-Beacon-Revision"))
                    .isEqualTo(client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                            .headers().firstValue("X-Beacon-Revision")));
            HttpResponse<byte[]> gz = client.send(HttpRequest.newBuilder(uri).header("Accept-Encoding", "gzip").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<byte[]> plain = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(gz.statusCode()).isEqualTo(200);
            assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
            byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes();
            assertThat(new String(unzipped, StandardCharsets.UTF_8)).isEqualTo(new String(plain.body(), StandardCharsets.UTF_8))
                    .contains(format.isEmpty() ? "Wert 39 — 值" : "Wert 39 \\u2014 \\u503C");
            assertThat(gz.body().length).isLessThan(plain.body().length);
            assertThat(gz.headers().firstValue("X-Beacon-Revision")).isEqualTo(plain.headers().firstValue("X-Beacon-Revision"));
        }
    }

    @Test
    void springCloudConfigAnswersCarryATagToo() {
        http.putItem("/api/v1/config/rscc/default/a", "1", null);
        TestHttp.Answer first = http.get("/scc/rscc/default");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("propertySources").get(0).get("source").get("a").asText()).isEqualTo("1");
        assertThat(http.send("GET", "/scc/rscc/default", null, Map.of("If-None-Match", first.header("ETag"))).status())
                .isEqualTo(304);
        http.putItem("/api/v1/config/rscc/default/a", "2", null);
        TestHttp.Answer changed = http.send("GET", "/scc/rscc/default", null, Map.of("If-None-Match", first.header("ETag")));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("propertySources").get(0).get("source").get("a").asText()).isEqualTo("2");
    }
}
