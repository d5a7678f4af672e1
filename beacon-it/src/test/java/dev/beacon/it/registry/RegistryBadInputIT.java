package dev.beacon.it.registry;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bad registry input answers 400 with the reason, and nothing is written to etcd. */
class RegistryBadInputIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    private final TestHttp http = beacon.http();

    @AfterEach
    void nothingWasWritten() {
        assertThat(etcd.probe().count("/beacon/services/")).isZero();
        assertThat(etcd.probe().count("/beacon/health/")).isZero();
        assertThat(etcd.probe().count("/beacon/events/")).isZero();
        assertThat(etcd.probe().count("/beacon/service-settings/")).isZero();
    }

    private void assertBad(TestHttp.Answer a, String code, String message) {
        assertThat(a.status()).as(a.text()).isEqualTo(400);
        assertThat(a.json().get("code").asText()).isEqualTo(code);
        assertThat(a.json().get("error").asText()).contains(message);
    }

    @ParameterizedTest(name = "register {0} -> 400 {2}")
    @CsvSource(delimiter = '|', value = {
            "'{\"address\":\"a\",'                                               | BAD_REQUEST | malformed JSON",
            "''                                                                  | BAD_REQUEST | empty",
            "'{\"port\":80}'                                                     | BAD_REQUEST | address is missing",
            "'{\"address\":\"  \",\"port\":80}'                                  | BAD_REQUEST | address is missing",
            "'{\"address\":\"a b\",\"port\":80}'                                 | BAD_REQUEST | must not contain spaces",
            "'{\"address\":\"a\"}'                                               | BAD_REQUEST | port is missing",
            "'{\"address\":\"a\",\"port\":0}'                                    | BAD_REQUEST | port 0 is out of range",
            "'{\"address\":\"a\",\"port\":65536}'                                | BAD_REQUEST | port 65536 is out of range",
            "'{\"address\":\"a\",\"port\":\"http\"}'                             | BAD_REQUEST | wrong type",
            "'{\"address\":\"a\",\"port\":80,\"ttl\":1}'                         | BAD_REQUEST | ttl 1 is out of range",
            "'{\"address\":\"a\",\"port\":80,\"ttl\":301}'                       | BAD_REQUEST | ttl 301 is out of range",
            "'{\"address\":\"a\",\"port\":80,\"ttl\":5,\"leaseId\":7}'           | BAD_REQUEST | give ttl or leaseId, not both",
            "'{\"address\":\"a\",\"port\":80,\"leaseId\":-3}'                    | BAD_REQUEST | leaseId must be a positive",
            "'{\"address\":\"a\",\"port\":80,\"tags\":[\"\"]}'                   | BAD_REQUEST | tag '' must be",
            "'{\"address\":\"a\",\"port\":80,\"metadata\":{\"k\":null}}'         | BAD_REQUEST | metadata value of 'k'",
            "'{\"address\":\"a\",\"port\":80,\"check\":{}}'                      | BAD_REQUEST | exactly one of",
            "'{\"address\":\"a\",\"port\":80,\"check\":{\"http\":\"ftp://x/h\"}}'  | BAD_REQUEST | must be an http:// or https:// URL",
            "'{\"address\":\"a\",\"port\":80,\"check\":{\"http\":\"http:///h\"}}'  | BAD_REQUEST | has no host",
            "'{\"address\":\"a\",\"port\":80,\"check\":{\"http\":\"http://x\",\"tcp\":\"x:1\"}}' | BAD_REQUEST | exactly one of",
            "'{\"address\":\"a\",\"port\":80,\"check\":{\"tcp\":\"x\"}}'         | BAD_REQUEST | must be host:port",
            "'{\"address\":\"a\",\"port\":80,\"check\":{\"tcp\":\"x:99999\"}}'   | BAD_REQUEST | use 1-65535",
            "'{\"address\":\"a\",\"port\":80,\"check\":{\"tcp\":\"x:1\",\"interval\":\"10\"}}'       | BAD_REQUEST | is not a duration",
            "'{\"address\":\"a\",\"port\":80,\"check\":{\"tcp\":\"x:1\",\"interval\":\"5ms\"}}'      | BAD_REQUEST | between 100ms and 1h",
            "'{\"address\":\"a\",\"port\":80,\"check\":{\"tcp\":\"x:1\",\"timeout\":\"soon\"}}'      | BAD_REQUEST | check timeout 'soon' is not a duration",
            "'{\"address\":\"a\",\"port\":80,\"check\":{\"tcp\":\"x:1\",\"deregisterAfter\":\"0s\"}}' | BAD_REQUEST | at least 1s",
    })
    void registrationWithABadBodyIsRefused(String body, String code, String message) {
        assertBad(http.put("/api/v1/services/svc/instances/i-1", body), code, message);
    }

    @ParameterizedTest(name = "PUT /api/v1/services/{0}/instances/{1} -> 400")
    @CsvSource({
            "bad name,i-1,service",
            "svc,'id with space',instance id",
            "..,i-1,service",
            "svc,ünïcode,instance id",
    })
    void registrationWithABadNameIsRefused(String service, String id, String what) {
        String path = "/api/v1/services/" + java.net.URLEncoder.encode(service, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")
                + "/instances/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        TestHttp.Answer a = http.put(path, "{\"address\":\"a\",\"port\":80}");
        assertBad(a, "INVALID_NAME", what);
    }

    @Test
    void nameLongerThan128IsRefused() {
        assertBad(http.put("/api/v1/services/" + "s".repeat(129) + "/instances/i", "{\"address\":\"a\",\"port\":80}"),
                "INVALID_NAME", "1 to 128");
    }

    @Test
    void badStatusValuesAreRefused() {
        assertBad(http.put("/api/v1/services/svc/instances/i-1/status", "{\"status\":\"DOWN\"}"), "BAD_REQUEST", "cannot be set");
        assertBad(http.put("/api/v1/services/svc/instances/i-1/status", "{\"status\":\"sleepy\"}"), "BAD_REQUEST", "cannot be set");
        assertBad(http.put("/api/v1/services/svc/instances/i-1/status", "{}"), "BAD_REQUEST", "status is missing");
    }

    @Test
    void badProtectionThresholdsAreRefused() {
        assertBad(http.put("/api/v1/services/svc/settings", "{\"protectThreshold\":1.5}"), "BAD_REQUEST", "from 0 (off) to 1");
        assertBad(http.put("/api/v1/services/svc/settings", "{\"protectThreshold\":-0.1}"), "BAD_REQUEST", "from 0 (off) to 1");
        assertBad(http.put("/api/v1/services/svc/settings", "{}"), "BAD_REQUEST", "from 0 (off) to 1");
    }

    @Test
    void badSeedRegistrationsAreRefused() {
        assertBad(http.post("/v1/registry/register", "{\"address\":\"a\",\"port\":80}"), "INVALID_NAME", "service is missing");
        assertBad(http.post("/v1/registry/register", "{\"service\":\"s\",\"port\":80}"), "BAD_REQUEST", "address is missing");
        assertBad(http.post("/v1/registry/register", "{\"service\":\"s\",\"address\":\"a\",\"port\":80,\"check\":{\"http\":\"/health\",\"interval\":\"10s\"}}"),
                "BAD_REQUEST", "must be an http:// or https:// URL");
    }

    @Test
    void badQueryParametersAreRefused() {
        assertBad(http.get("/api/v1/services/svc?healthy=yes"), "BAD_REQUEST", "healthy must be true or false");
        assertBad(http.get("/api/v1/services/svc/instances/i/events?limit=0"), "BAD_REQUEST", "limit must be between");
    }
}
