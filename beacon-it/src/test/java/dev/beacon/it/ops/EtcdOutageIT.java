package dev.beacon.it.ops;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestEvents;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * etcd goes away: the server stays up, answers writes 503 within the request timeout (2 s here; a request that has no
 * answer 3 s after that fails the test as a hang), serves mirrored reads stale, reports not ready, and recovers by itself.
 */
class EtcdOutageIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd)
            .with(BeaconExtension::fastTimeouts);

    @Test
    void outageDegradesAndRecoveryNeedsNoRestart() {
        TestHttp http = beacon.http();
        assertThat(http.post("/set", json(Map.of("key", "outage/a", "value", "before"))).status()).isEqualTo(200);
        assertThat(http.post("/set", json(Map.of("key", "watched/a", "value", "kept"))).status()).isEqualTo(200);
        assertThat(http.put("/api/v1/config/outage/prod/k", json(Map.of("value", "item"))).status()).isEqualTo(200);
        TestEvents watching = TestEvents.open(beacon.url(), "/api/v1/events?prefix=watched/"); // a mirror now holds watched/
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/ready").status() == 200);

        etcd.faults().stop(0);
        TestHttp bounded = http.withTimeout(Duration.ofSeconds(5));

        TestHttp.Answer write = bounded.post("/set", json(Map.of("key", "outage/b", "value", "during")));
        write.assertError(503, "ETCD_UNAVAILABLE");
        assertThat(write.json().get("hint").asText()).contains(etcd.endpoints().get(0));

        TestHttp.Answer read = bounded.get("/config/outage/a");
        read.assertError(503, "ETCD_UNAVAILABLE"); // no mirror holds outage/
        await().atMost(Duration.ofSeconds(15)).until(() -> "true".equals(http.get("/config/watched/a").header("X-Beacon-Stale")));
        TestHttp.Answer mirrored = http.get("/config/watched/a");
        assertThat(mirrored.status()).isEqualTo(200);
        assertThat(mirrored.json().get("value").asText()).isEqualTo("kept");
        TestHttp.Answer beaconKey = http.get("/config?key=/beacon/config/outage/prod/k");
        assertThat(beaconKey.status()).isEqualTo(200);
        assertThat(beaconKey.json().get("value").asText()).isEqualTo("item");
        assertThat(beaconKey.header("X-Beacon-Stale")).isEqualTo("true");

        assertThat(bounded.put("/api/v1/kv/outage/c", json(Map.of("value", "x"))).status()).isEqualTo(503);
        assertThat(http.get("/health").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            TestHttp.Answer ready = http.get("/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().get("reason").asText()).contains("etcd unreachable");
        });

        etcd.faults().restart(0); // returns once etcd answers as healthy
        long healthyAt = System.nanoTime();

        await().atMost(Duration.ofSeconds(30)).until(() ->
                http.post("/set", json(Map.of("key", "outage/b", "value", "after"))).status() == 200);
        // reported, not asserted (speed is measured, not asserted)
        System.out.println("writes succeeded again " + (System.nanoTime() - healthyAt) / 1_000_000 + " ms after etcd was healthy");
        assertThat(http.get("/config/outage/b").json().get("value").asText()).isEqualTo("after");
        assertThat(http.get("/config/outage/a").json().get("value").asText()).isEqualTo("before");
        await().atMost(Duration.ofSeconds(15)).until(() -> http.get("/ready").status() == 200);
        assertThat(http.get("/config/watched/a").header("X-Beacon-Stale")).isNull();
        watching.close();
    }
}
