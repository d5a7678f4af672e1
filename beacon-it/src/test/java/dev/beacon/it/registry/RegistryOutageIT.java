package dev.beacon.it.registry;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static dev.beacon.testkit.TestHttp.instance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * etcd goes away for longer than an instance's TTL: heartbeats answer 503, discovery keeps answering from
 * memory (stale), checks pause; when etcd returns, the lease is back at its full TTL, the instance is still
 * registered and UP, and it expires TTL after its last heartbeat as usual.
 */
class RegistryOutageIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd)
            .with(BeaconExtension::fastTimeouts);
    static final ProbeTarget target = ProbeTarget.start();

    @AfterAll
    static void stopTarget() {
        target.close();
    }

    @Test
    void instancesSurviveAnEtcdOutageLongerThanTheirTtl() {
        TestHttp http = beacon.http();
        http.put("/api/v1/services/calm/instances/c-1", instance("127.0.0.1", 80, "ttl", 2,
                "check", Map.of("http", target.url("/calm"), "interval", "200ms")));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                http.get("/api/v1/services/calm/instances/c-1").json().path("status").asText().equals("UP"));

        etcd.faults().stop(0);
        TestHttp.Answer beat = http.put("/api/v1/services/calm/instances/c-1/heartbeat", null);
        beat.assertError(503, "ETCD_UNAVAILABLE");
        await().atMost(Duration.ofSeconds(10)).until(() -> "true".equals(http.get("/api/v1/services/calm").header("X-Beacon-Stale")));

        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/ready").status() == 503); // the monitor noticed

        // longer than the TTL: probes are paused, discovery answers from memory, heartbeats fail fast
        int probes = target.count("/calm");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(8)).until(() -> {
            TestHttp.Answer found = http.get("/api/v1/services/calm");
            return target.count("/calm") <= probes + 1
                    && found.status() == 200 && found.json().get("instances").size() == 1
                    && found.json().get("instances").get(0).get("status").asText().equals("UP");
        });
        assertThat(http.put("/api/v1/services/calm/instances/c-1/heartbeat", null).status()).isEqualTo(503);

        etcd.faults().restart(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> http.put("/api/v1/services/calm/instances/c-1/heartbeat", null).status() == 200);
        assertThat(http.get("/api/v1/services/calm/instances/c-1").json().get("status").asText()).isEqualTo("UP");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() ->
                http.put("/api/v1/services/calm/instances/c-1/heartbeat", null).status() == 200
                        && target.count("/calm") > probes + 2); // probing resumed; the instance still lives
        assertThat(http.get("/api/v1/services/calm/instances/c-1").json().get("status").asText()).isEqualTo("UP");

        // no more heartbeats: gone within TTL + 2 s, and the events say why
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/api/v1/services/calm/instances/c-1").status() == 404);
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/api/v1/services/calm/instances/c-1/events").json()
                .get(0).get("type").asText().equals("LEASE_EXPIRED"));
    }
}
