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
 * Two of three etcd members stop: the one left has no leader, and etcd ends every watch that requires one ("no
 * leader"). That is not compaction — the history is all there — so Beacon must watch again from where it was
 * and deliver each change one by one once a quorum is back, not re-list and collapse several changes of a key
 * into its last value. Asserted: after the quorum returns, quick successive writes to one key all reach a config
 * subscriber and a raw-prefix subscriber, each exactly once and in order.
 */
class QuorumLossReliabilityIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.threeNodes();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd).with(BeaconExtension::fastTimeouts);

    @Test
    void afterAQuorumLossEveryChangeArrivesOneByOne() {
        TestHttp http = beacon.http();
        http.put("/api/v1/config/quorum/prod/k", json(Map.of("value", "before")));
        try (TestEvents config = TestEvents.open(beacon.url(), "/api/v1/events/config/quorum/prod");
             TestEvents raw = TestEvents.open(beacon.url(), "/api/v1/events?prefix=/beacon/config/quorum/")) {
            await().until(() -> beacon.server().events().sseStreams() == 2);
            int leader = etcd.faults().leader();
            for (int i = 0; i < 3; i++) {
                if (i != leader) {
                    etcd.faults().stop(i); // the leader is left alone: it steps down
                }
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> http.get("/ready").status() == 503);
            // long enough for etcd to end the watches that require a leader
            await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(7)).until(() -> true);

            etcd.faults().healAll();
            TestHttp bounded = http.withTimeout(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(30)).until(() -> bounded.put("/api/v1/config/quorum/prod/k",
                    json(Map.of("value", "back 0"))).status() == 200);
            List<Long> acknowledged = new ArrayList<>();
            acknowledged.add(http.get("/api/v1/config/quorum/prod/k?consistent=true").json().get("modRevision").asLong());
            for (int n = 1; n <= 5; n++) {
                TestHttp.Answer put = bounded.put("/api/v1/config/quorum/prod/k", json(Map.of("value", "back " + n + " 回来了")));
                assertThat(put.status()).as(put.text()).isEqualTo(200);
                acknowledged.add(put.revision());
            }

            long last = acknowledged.get(acknowledged.size() - 1);
            for (TestEvents events : List.of(config, raw)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> !events.changes().isEmpty()
                        && events.changes().get(events.changes().size() - 1).revision() == last);
                List<Long> seen = events.changes().stream().map(TestEvents.Event::revision).toList();
                assertThat(seen).isSorted().doesNotHaveDuplicates().containsAll(acknowledged);
                assertThat(events.ended()).isFalse();
            }
        } finally {
            etcd.faults().healAll();
        }
    }
}
