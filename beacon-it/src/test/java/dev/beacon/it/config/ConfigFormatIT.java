package dev.beacon.it.config;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/** An app/profile that declares its values JSON or YAML refuses values that do not parse, in single writes and batches. */
class ConfigFormatIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    private final TestHttp http = beacon.http();

    @Test
    void aProfileDeclaredJsonRefusesValuesThatAreNotJson() {
        assertThat(http.get("/api/v1/apps/fmt/json/settings").json().get("format").asText()).isEqualTo("text");
        TestHttp.Answer set = http.put("/api/v1/apps/fmt/json/settings", json(Map.of("format", "JSON")));
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().get("format").asText()).isEqualTo("json");
        assertThat(http.get("/api/v1/apps/fmt/json/settings").json().get("format").asText()).isEqualTo("json");

        assertThat(http.put("/api/v1/config/fmt/json/rules", json(Map.of("value", "{\"max\": 3}"))).status()).isEqualTo(200);
        TestHttp.Answer bad = http.put("/api/v1/config/fmt/json/rules", json(Map.of("value", "{max: 3")));
        bad.assertError(400, "INVALID_VALUE");
        assertThat(bad.json().get("error").asText()).contains("not valid JSON");
        TestHttp.Answer badBatch = http.put("/api/v1/config/fmt/json", json(Map.of("items", Map.of("ok", "[1]", "bad", "nope"))));
        assertThat(badBatch.status()).isEqualTo(400);
        assertThat(http.get("/api/v1/config/fmt/json/rules").json().get("value").asText()).isEqualTo("{\"max\": 3}");
        assertThat(http.get("/api/v1/config/fmt/json/ok").status()).isEqualTo(404);
        // other profiles of the app are not affected
        assertThat(http.put("/api/v1/config/fmt/text/rules", json(Map.of("value", "{max: 3"))).status()).isEqualTo(200);
    }

    @Test
    void aProfileDeclaredYamlRefusesValuesThatAreNotYaml() {
        http.put("/api/v1/apps/fmt/yaml/settings", json(Map.of("format", "yaml")));
        assertThat(http.put("/api/v1/config/fmt/yaml/doc", json(Map.of("value", "a:\n  b: 1\n"))).status()).isEqualTo(200);
        TestHttp.Answer bad = http.put("/api/v1/config/fmt/yaml/doc", json(Map.of("value", "a: [1, 2\n")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).contains("not valid YAML");
    }
}
