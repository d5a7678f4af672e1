package dev.beacon.it.reliability;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestEvents;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every etcd member is down for 30 s under open streams. Asserted: config, discovery and mirrored seed reads are
 * answered from memory and marked stale; writes answer 503 within the request timeout (a request with no answer
 * 3 s later fails the test as a hang); {@code /ready} is 503; after recovery each raw and config SSE subscriber
 * has every acknowledged change exactly once, in order. Reported (not asserted): how long after etcd is healthy
 * again writes succeed — gRPC's reconnect backoff grows during a long outage, and the server resets it each
 * monitor round.
 */
class FullOutageReliabilityIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd).with(BeaconExtension::fastTimeouts);

    @Test
    void aThirtySecondOutageIsServedFromMemoryAndLosesNoChange() {
        TestHttp http = beacon.http();
        List<Long> acknowledged = new ArrayList<>();
        acknowledged.add(http.put("/api/v1/config/out/prod/k", json(Map.of("value", "before"))).revision());
        http.put("/api/v1/services/out/instances/o-1", json(Map.of("address", "127.0.0.1", "port", 9, "ttl", 60)));
        http.post("/set", json(Map.of("key", "out-raw/k", "value", "before")));
        try (TestEvents raw = TestEvents.open(beacon.url(), "/api/v1/events?prefix=/beacon/config/out/");
             TestEvents config = TestEvents.open(beacon.url(), "/api/v1/events/config/out/prod");
             TestEvents seedWatch = TestEvents.open(beacon.url(), "/api/v1/events?prefix=out-raw/")) {
            await().until(() -> beacon.server().events().sseStreams() == 3);
            acknowledged.add(http.put("/api/v1/config/out/prod/k", json(Map.of("value", "still up"))).revision());

            etcd.faults().stopAll();
            long downAt = System.nanoTime();
            TestHttp bounded = http.withTimeout(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/ready").status() == 503);
            bounded.put("/api/v1/config/out/prod/k", json(Map.of("value", "during"))).assertError(503, "ETCD_UNAVAILABLE");
            TestHttp.Answer item = bounded.get("/api/v1/config/out/prod/k");
            assertThat(item.status()).isEqualTo(200);
            assertThat(item.header("X-Beacon-Stale")).isEqualTo("true");
            TestHttp.Answer service = bounded.get("/api/v1/services/out");
            assertThat(service.status()).isEqualTo(200);
            assertThat(service.header("X-Beacon-Stale")).isEqualTo("true");
            assertThat(service.json().get("instances")).hasSize(1);
            TestHttp.Answer seed = bounded.get("/config/out-raw/k");
            assertThat(seed.status()).isEqualTo(200);
            assertThat(seed.header("X-Beacon-Stale")).isEqualTo("true");
            await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(40))
                    .until(() -> System.nanoTime() - downAt >= Duration.ofSeconds(30).toNanos());

            etcd.faults().healAll(); // returns once etcd answers as healthy
            long healthyAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() -> http.put("/api/v1/config/out/prod/k",
                    json(Map.of("value", "after"))).status() == 200);
            System.out.println("writes succeeded again " + (System.nanoTime() - healthyAt) / 1_000_000
                    + " ms after etcd was healthy, after a 30 s outage");
            acknowledged.add(http.get("/api/v1/config/out/prod/k?consistent=true").json().get("modRevision").asLong());
            acknowledged.add(http.put("/api/v1/config/out/prod/k", json(Map.of("value", "last"))).revision());

            long last = acknowledged.get(acknowledged.size() - 1);
            for (TestEvents events : List.of(raw, config)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> !events.changes().isEmpty()
                        && events.changes().get(events.changes().size() - 1).revision() == last);
                List<Long> seen = events.changes().stream().map(TestEvents.Event::revision).toList();
                assertThat(seen).isSorted().doesNotHaveDuplicates().containsAll(acknowledged.subList(1, acknowledged.size()));
                assertThat(events.ended()).isFalse();
            }
            assertThat(seedWatch.ended()).isFalse();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> http.get("/ready").status() == 200);
    }
}
