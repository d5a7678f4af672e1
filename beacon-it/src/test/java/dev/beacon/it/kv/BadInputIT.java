package dev.beacon.it.kv;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of bad input answers a clear 4xx JSON error, and nothing is written to etcd. */
class BadInputIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd)
            .with(s -> s.toBuilder().maxBodyBytes(64 * 1024).build());

    private final TestHttp http = beacon.http();

    @ParameterizedTest(name = "POST /set {0} -> 400")
    @CsvSource(delimiter = '|', value = {
            "'{\"key\":\"a\",'                       | malformed JSON",
            "'[1,2]'                                 | JSON object",
            "'{\"value\":\"v\"}'                     | key is missing",
            "'{\"key\":\"\",\"value\":\"v\"}'        | key is missing or empty",
            "'{\"key\":\"k\\u0001x\",\"value\":\"v\"}' | control character",
            "'{\"key\":\"k\"}'                       | value is missing",
            "'{\"key\":\"k\",\"value\":5}'           | not a string",
            "''                                      | empty",
    })
    void setRejectsBadBodies(String body, String message) {
        TestHttp.Answer a = http.post("/set", body);
        // a key that breaks the key rules is INVALID_NAME; every other malformed body is BAD_REQUEST
        a.assertError(400, message.equals("control character") ? "INVALID_NAME" : "BAD_REQUEST", message);
        assertNothingStored();
    }

    @Test
    void keyOver512BytesIsRefused() {
        String key = "k".repeat(513);
        TestHttp.Answer a = http.post("/set", TestHttp.json(Map.of("key", key, "value", "v")));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).contains("513 bytes");
        assertNothingStored();
    }

    @Test
    void bodyOverTheLimitAnswers413() {
        String big = "x".repeat(65 * 1024);
        TestHttp.Answer a = http.post("/set", TestHttp.json(Map.of("key", "big", "value", big)));
        a.assertError(413, "PAYLOAD_TOO_LARGE");
        assertNothingStored();
    }

    @ParameterizedTest(name = "PUT /api/v1/kv/k {0} -> 400")
    @CsvSource(delimiter = '|', value = {
            "'{\"value\":\"v\",\"ttl\":-5}'            | ttl must be a positive",
            "'{\"value\":\"v\",\"ttl\":\"soon\"}'      | field 'ttl'",
            "'{\"value\":\"v\",\"prevRevision\":\"x\"}' | field 'prevRevision'",
            "'{\"value\":\"v\",\"prevRevision\":-1}'   | prevRevision must be",
            "'{\"ttl\":5}'                            | value is missing",
    })
    void rawPutRejectsBadBodies(String body, String message) {
        TestHttp.Answer a = http.put("/api/v1/kv/k", body);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).contains(message);
        assertNothingStored();
    }

    @ParameterizedTest(name = "GET {0} -> 400")
    @CsvSource(delimiter = '|', value = {
            "/api/v1/kv/a?prefix=true&limit=ten | limit must be a whole number",
            "/api/v1/kv/a?prefix=true&limit=0   | limit must be between",
            "/api/v1/kv/a?prefix=maybe          | prefix must be true or false",
            "/api/v1/kv                         | key is missing",
            "/api/v1/kv/a?startAfter=a1          | it needs prefix=true",
            "/api/v1/kv/a/?prefix=true&startAfter=b | startAfter must be a key under the prefix a/",
            "/api/v1/leases/abc                  | lease id must be a whole number",
            "/api/v1/leases/99999999999999999999 | lease id must be a whole number",
            "/api/v1/leases/0                    | a lease id is a positive whole number",
    })
    void rawReadsRejectBadParameters(String path, String message) {
        TestHttp.Answer a = http.get(path);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).contains(message);
    }

    @Test
    void aNonNumericLeaseIdAndStartAfterWithoutPrefixAnswerJson400() {
        TestHttp.Answer lease = http.get("/api/v1/leases/x12").assertError(400, "BAD_REQUEST", "x12");
        assertThat(lease.header("Content-Type")).contains("application/json").contains("charset=utf-8");
        TestHttp.Answer page = http.get("/api/v1/kv/a?startAfter=a1").assertError(400, "BAD_REQUEST", "prefix=true");
        assertThat(page.header("Content-Type")).contains("application/json").contains("charset=utf-8");
    }

    @Test
    void deleteWithNonNumericRevisionIsRefusedAndDeletesNothing() {
        http.put("/api/v1/kv/keep", TestHttp.json(Map.of("value", "v")));
        TestHttp.Answer a = http.delete("/api/v1/kv/keep?prevRevision=abc");
        assertThat(a.status()).isEqualTo(400);
        assertThat(http.get("/api/v1/kv/keep").status()).isEqualTo(200);
        http.delete("/api/v1/kv/keep");
    }

    @Test
    void unknownEndpointAnswersJson404() {
        TestHttp.Answer a = http.get("/no/such/endpoint");
        a.assertError(404, "NO_SUCH_ENDPOINT");
    }

    /** No key outside Beacon's own root (where servers keep their bookkeeping) exists in etcd. */
    private void assertNothingStored() {
        assertThat(etcd.probe().keys(dev.beacon.testkit.EtcdProbe.ALL)).as("keys written by the rejected requests")
                .allMatch(k -> k.startsWith("/beacon/"));
    }
}
