package dev.beacon.it.scc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /scc/{application}/{profile}[/{label}]} answers the Spring Cloud Config Server Environment JSON. */
class SccApiIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    private final TestHttp http = beacon.http();

    @BeforeAll
    static void items() {
        TestHttp h = beacon.http();
        h.put("/api/v1/config/orders/prod", json(Map.of("items", Map.of("who", "orders-prod", "only.orders-prod", "1"))));
        h.put("/api/v1/config/orders/eu", json(Map.of("items", Map.of("who", "orders-eu"))));
        h.put("/api/v1/config/orders/default", json(Map.of("items", Map.of("who", "orders", "only.orders", "1"))));
        h.put("/api/v1/config/application/prod", json(Map.of("items", Map.of("who", "application-prod"))));
        h.put("/api/v1/config/application/default", json(Map.of("items", Map.of("who", "application", "shared", "yes"))));
    }

    private static JsonNode names(JsonNode env) {
        return env.get("propertySources");
    }

    @Test
    void profileSourcesComeBeforePlainOnesMostSpecificFirst() {
        TestHttp.Answer a = http.send("GET", "/scc/orders/prod", null, Map.of("Accept", "application/json"));
        assertThat(a.status()).isEqualTo(200);
        JsonNode env = a.json();
        assertThat(env.get("name").asText()).isEqualTo("orders");
        assertThat(env.get("profiles")).extracting(JsonNode::asText).containsExactly("prod");
        assertThat(env.has("label")).isTrue();
        assertThat(env.get("label").isNull()).isTrue();
        assertThat(env.get("state").isNull()).isTrue();
        assertThat(env.get("version").asLong()).isEqualTo(a.revision());
        assertThat(names(env)).extracting(s -> s.get("name").asText())
                .containsExactly("beacon:orders-prod", "beacon:application-prod", "beacon:orders", "beacon:application");
        assertThat(names(env)).extracting(s -> s.get("source").get("who").asText())
                .containsExactly("orders-prod", "application-prod", "orders", "application");
        assertThat(a.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void laterProfilesWinAndTheV2MediaTypeIsAnswered() {
        TestHttp.Answer a = http.send("GET", "/scc/orders/prod,eu/main", null,
                Map.of("Accept", "application/vnd.spring-cloud.config-server.v2+json"));
        assertThat(a.header("Content-Type")).startsWith("application/vnd.spring-cloud.config-server.v2+json");
        assertThat(a.json().get("label").asText()).isEqualTo("main");
        assertThat(a.json().get("profiles")).extracting(JsonNode::asText).containsExactly("prod", "eu");
        assertThat(names(a.json())).extracting(s -> s.get("name").asText())
                .containsExactly("beacon:orders-eu", "beacon:orders-prod", "beacon:application-prod", "beacon:orders", "beacon:application");
    }

    @Test
    void theDefaultProfileAndUnknownAppsAnswer200() {
        JsonNode def = http.get("/scc/orders/default").json();
        assertThat(names(def)).extracting(s -> s.get("name").asText()).containsExactly("beacon:orders", "beacon:application");
        TestHttp.Answer unknown = http.get("/scc/nobody/default");
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(names(unknown.json())).extracting(s -> s.get("name").asText()).containsExactly("beacon:application");
        TestHttp.Answer unknownProfile = http.get("/scc/nobody/qa");
        assertThat(unknownProfile.status()).isEqualTo(200);
    }
}
