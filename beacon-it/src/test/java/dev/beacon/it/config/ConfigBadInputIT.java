package dev.beacon.it.config;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of bad config input answers a clear 400 JSON error, and nothing is written to etcd. */
class ConfigBadInputIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    private final TestHttp http = beacon.http();

    @AfterEach
    void nothingWasWritten() {
        assertThat(etcd.probe().count("/beacon/config/") + etcd.probe().count("/beacon/meta/settings/")).isZero();
    }

    @ParameterizedTest(name = "PUT {0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "/api/v1/config/bad%20app/dev/k | '{\"value\":\"v\"}'             | INVALID_NAME | app",
            "/api/v1/config/app/d%2Fev/k    | '{\"value\":\"v\"}'             | INVALID_NAME | profile",
            "/api/v1/config/ap%24p/dev/k    | '{\"value\":\"v\"}'             | INVALID_NAME | app",
            "/api/v1/config/app/dev/a/../b  | '{\"value\":\"v\"}'             | INVALID_NAME | '..'",
            "/api/v1/config/app/dev/a//b    | '{\"value\":\"v\"}'             | INVALID_NAME | '//'",
            "/api/v1/config/app/dev/k%01x   | '{\"value\":\"v\"}'             | INVALID_NAME | control character",
            "/api/v1/config/app/dev/x/history | '{\"value\":\"v\"}'           | INVALID_NAME | must not end with '/history'",
            "/api/v1/config/app/dev/k       | '{\"value\":5}'                 | BAD_REQUEST  | value must be a string",
            "/api/v1/config/app/dev/k       | '{\"comment\":\"c\"}'           | BAD_REQUEST  | value is missing",
            "/api/v1/config/app/dev/k       | '{\"value\":\"v\",\"comment\":7}' | BAD_REQUEST | comment must be a string",
            "/api/v1/config/app/dev/k       | '[\"v\"]'                       | BAD_REQUEST  | JSON object",
            "/api/v1/config/app/dev/k       | '{\"value\":'                   | BAD_REQUEST  | malformed JSON",
            "/api/v1/config/app/dev/k       | ''                              | BAD_REQUEST  | empty",
            "/api/v1/config/app/dev         | '{\"items\":[1]}'               | BAD_REQUEST  | items must be a JSON object",
            "/api/v1/config/app/dev         | '{\"items\":{}}'                | BAD_REQUEST  | items is missing or empty",
            "/api/v1/config/app/dev         | '{\"comment\":\"x\"}'           | BAD_REQUEST  | items is missing",
    })
    void badWritesAreRefused(String path, String body, String code, String message) {
        TestHttp.Answer a = http.put(path, body);
        assertThat(a.status()).as(a.text()).isIn(400, 404);
        assertThat(a.json().get("code").asText()).isEqualTo(code);
        assertThat(a.json().get("error").asText()).contains(message);
    }

    @Test
    void aKeyOver512BytesIsRefused() {
        TestHttp.Answer a = http.put("/api/v1/config/app/dev/" + "k".repeat(513), json(Map.of("value", "v")));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).contains("513 bytes");
    }

    @Test
    void aValueOverTheLimitIsRefused() {
        TestHttp.Answer a = http.put("/api/v1/config/app/dev/big", json(Map.of("value", "x".repeat(256 * 1024 + 1))));
        a.assertError(400, "INVALID_VALUE");
        assertThat(a.json().get("error").asText()).contains("262145 bytes");
    }

    @ParameterizedTest(name = "If-Match {0}")
    @CsvSource({"abc", "-3", "1.5", "'\"x\"'"})
    void aBadIfMatchIsRefused(String ifMatch) {
        TestHttp.Answer a = http.send("PUT", "/api/v1/config/app/dev/k", json(Map.of("value", "v")), Map.of("If-Match", ifMatch));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).contains("If-Match");
    }

    @Test
    void deleteWithIfMatchZeroAndBadActorsAreRefused() {
        assertThat(http.send("DELETE", "/api/v1/config/app/dev/k", null, Map.of("If-Match", "0")).status()).isEqualTo(400);
        TestHttp.Answer actor = http.send("PUT", "/api/v1/config/app/dev/k", json(Map.of("value", "v")), Map.of("X-Beacon-Actor", "a\"b<script>"));
        assertThat(actor.status()).isEqualTo(400);
        assertThat(http.put("/api/v1/config/app/dev/k", json(Map.of("value", "v", "comment", "c".repeat(1025)))).status()).isEqualTo(400);
    }

    @ParameterizedTest(name = "GET {0} -> 400")
    @CsvSource(delimiter = '|', value = {
            "/api/v1/config/app/dev?format=toml             | format must be",
            "/api/v1/config/app/dev?consistent=maybe        | consistent must be true or false",
            "/api/v1/config/app/dev/k/history?limit=0       | limit must be",
            "/api/v1/config/app/dev/k/history?limit=x       | limit must be a whole number",
            "/api/v1/config/app/dev/k/history?before=0      | before must be",
            "/api/v1/config/bad*app/dev                     | app",
            "/scc/app/dev%20x                               | profile",
            "/scc/app/,                                     | profile is missing",
    })
    void badReadsAreRefused(String path, String message) {
        TestHttp.Answer a = http.get(path);
        assertThat(a.status()).as(a.text()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).contains(message);
    }

    @Test
    void badRollbacksAreRefused() {
        String path = "/api/v1/config/app/dev/k/rollback";
        assertThat(http.post(path, json(Map.of("toRevision", "x"))).json().get("error").asText()).contains("toRevision must be a whole number");
        assertThat(http.post(path, json(Map.of("toRevision", 0))).json().get("error").asText()).contains("toRevision must be a positive");
        assertThat(http.post(path, "{}").json().get("error").asText()).contains("toRevision is missing");
        assertThat(http.post(path, json(Map.of("toRevision", 99999))).status()).isEqualTo(404);
    }

    @Test
    void aBadDeclaredFormatIsRefused() {
        TestHttp.Answer a = http.put("/api/v1/apps/app/dev/settings", json(Map.of("format", "xml")));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).contains("text, json or yaml");
    }
}
