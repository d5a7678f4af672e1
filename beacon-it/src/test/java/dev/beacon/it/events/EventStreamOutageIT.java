package dev.beacon.it.events;

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

/** etcd restarts under open streams: they stay open, and nothing is lost or repeated. */
class EventStreamOutageIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd)
            .with(BeaconExtension::fastTimeouts);

    @Test
    void streamsSurviveAnEtcdRestartWithoutLossOrRepeat() {
        TestHttp http = beacon.http();
        List<Long> written = new ArrayList<>();
        try (TestEvents raw = TestEvents.open(beacon.url(), "/api/v1/events?prefix=restart/");
             TestEvents own = TestEvents.open(beacon.url(), "/api/v1/events?prefix=/beacon/restart/")) {
            for (int i = 0; i < 5; i++) {
                written.add(http.put("/api/v1/kv/restart/k" + i, json(Map.of("value", "before"))).json().get("modRevision").asLong());
                http.put("/api/v1/kv?key=/beacon/restart/k" + i, json(Map.of("value", "before")));
            }
            await().until(() -> raw.changes().size() == 5 && own.changes().size() == 5);

            etcd.faults().stop(0);
            assertThat(http.put("/api/v1/kv/restart/during", json(Map.of("value", "x"))).status()).isEqualTo(503);
            etcd.faults().restart(0);

            await().atMost(Duration.ofSeconds(30)).until(() ->
                    http.put("/api/v1/kv/restart/k0", json(Map.of("value", "after"))).status() == 200);
            long last = http.get("/api/v1/kv/restart/k0").json().get("kvs").get(0).get("modRevision").asLong();
            // nothing changed under /beacon/ since the restart, yet the server's mirror knows its stream is back
            await().atMost(Duration.ofSeconds(15)).until(() -> beacon.server().mirrors().root().isCurrent());
            for (int i = 1; i < 5; i++) {
                http.put("/api/v1/kv?key=/beacon/restart/k" + i, json(Map.of("value", "after")));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> raw.changes().size() >= 6 && own.changes().size() >= 9);
            assertThat(raw.ended()).isFalse();
            assertThat(own.ended()).isFalse();
            assertThat(raw.changes()).extracting(TestEvents.Event::revision).doesNotHaveDuplicates().isSorted()
                    .startsWith(written.toArray(Long[]::new)).endsWith(last).hasSize(6);
            assertThat(own.changes()).hasSize(9).extracting(TestEvents.Event::revision).doesNotHaveDuplicates().isSorted();
        }
    }
}
