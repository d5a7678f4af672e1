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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SSE of raw key changes: order, completeness, resume by revision, replay from etcd, compaction, deletes. */
class EventStreamIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    private final TestHttp http = beacon.http();

    private long put(String key, String value) {
        return RawKeys.put(http, key, value);
    }

    private static List<Long> revisions(List<TestEvents.Event> events) {
        return events.stream().map(TestEvents.Event::revision).toList();
    }

    @Test
    void concurrentWritersArriveInRevisionOrderWithNothingMissingOrRepeated() throws Exception {
        try (TestEvents events = TestEvents.open(beacon.url(), "/api/v1/events?prefix=order/")) {
            assertThat(events.status()).isEqualTo(200);
            assertThat(events.header("Content-Type")).startsWith("text/event-stream");
            List<Long> acknowledged = Collections.synchronizedList(new ArrayList<>());
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        acknowledged.add(put("order/w" + writer + "/k" + (i % 7), "v" + i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            writers.shutdown();
            await().atMost(Duration.ofSeconds(20)).until(() -> events.changes().size() >= 200);
            List<Long> seen = revisions(events.changes());
            assertThat(seen).hasSize(200).isSorted().doesNotHaveDuplicates();
            assertThat(seen).containsExactlyInAnyOrderElementsOf(acknowledged);
            assertThat(events.lastId()).isEqualTo(Long.toString(Collections.max(acknowledged)));
        }
    }

    @Test
    void reconnectingWithLastEventIdReplaysExactlyWhatWasMissed() {
        String lastId;
        try (TestEvents first = TestEvents.open(beacon.url(), "/api/v1/events?prefix=resume/")) {
            put("resume/a", "1");
            put("resume/b", "2");
            await().until(() -> first.changes().size() == 2);
            lastId = first.lastId();
        }
        List<Long> missed = List.of(put("resume/c", "3"), put("resume/a", "4"));
        http.put("/api/v1/kv/elsewhere", json(Map.of("value", "not under the prefix")));
        try (TestEvents second = TestEvents.open(beacon.url(), "/api/v1/events?prefix=resume/", Map.of("Last-Event-ID", lastId))) {
            await().until(() -> second.changes().size() >= 2);
            assertThat(revisions(second.changes())).containsExactlyElementsOf(missed);
            assertThat(second.changes().get(1).data().get("value").asText()).isEqualTo("4");
            long next = put("resume/d", "5");
            await().until(() -> second.changes().size() == 3);
            assertThat(second.changes().get(2).revision()).isEqualTo(next);
        }
        try (TestEvents third = TestEvents.open(beacon.url(), "/api/v1/events?prefix=resume/&fromRevision=" + lastId)) {
            await().until(() -> third.changes().size() == 3);
            assertThat(revisions(third.changes())).startsWith(missed.get(0), missed.get(1));
        }
    }

    @Test
    void resumingFromBeforeWhatTheServerHoldsInMemoryReplaysFromEtcd() {
        // a prefix nobody watched yet gets its own mirror, loaded now: everything before is only in etcd's history
        List<Long> written = new ArrayList<>();
        long before = put("history-replay-marker", "x");
        for (int i = 0; i < 5; i++) {
            written.add(put("cold/k" + i, "v" + i));
        }
        try (TestEvents events = TestEvents.open(beacon.url(), "/api/v1/events?prefix=cold/&fromRevision=" + before)) {
            await().until(() -> events.changes().size() >= 5);
            long live = put("cold/live", "now");
            await().until(() -> events.changes().size() == 6);
            List<Long> expected = new ArrayList<>(written);
            expected.add(live);
            assertThat(revisions(events.changes())).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void resumingFromACompactedRevisionAnswers410AndAFreshStreamStillWorks() {
        long old = put("compacted/a", "1");
        put("compacted/a", "2");
        etcd.faults().compact();
        TestHttp.Answer gone = http.get("/api/v1/events?prefix=compacted-new/&fromRevision=" + (old - 1));
        gone.assertError(410, "COMPACTED");
        try (TestEvents events = TestEvents.open(beacon.url(), "/api/v1/events?prefix=compacted-new/")) {
            long rev = put("compacted-new/x", "1");
            await().until(() -> events.changes().size() == 1);
            assertThat(events.changes().get(0).revision()).isEqualTo(rev);
        }
    }

    @Test
    void deletesAndLeaseExpiriesArriveAsDeleteEvents() {
        try (TestEvents events = TestEvents.open(beacon.url(), "/api/v1/events?prefix=gone/")) {
            put("gone/explicit", "1");
            http.put("/api/v1/kv/gone/leased", json(Map.of("value", "2", "ttl", 2)));
            assertThat(http.delete("/api/v1/kv/gone/explicit").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).until(() -> events.count("delete") == 2);
            List<TestEvents.Event> deletes = events.changes().stream().filter(e -> e.type().equals("delete")).toList();
            assertThat(deletes).extracting(e -> e.data().get("key").asText()).containsExactly("gone/explicit", "gone/leased");
            assertThat(deletes.get(1).data().get("value").isNull()).isTrue();
        }
    }

    @Test
    void badStreamRequestsAnswer400() {
        assertThat(http.get("/api/v1/events").status()).isEqualTo(400);
        TestHttp.Answer badId = http.send("GET", "/api/v1/events?prefix=a/", null, Map.of("Last-Event-ID", "abc"));
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().get("error").asText()).contains("Last-Event-ID");
        assertThat(http.get("/api/v1/events?prefix=a/&fromRevision=-3").status()).isEqualTo(400);
        TestHttp.Answer control = http.get("/api/v1/events?prefix=a%01b");
        control.assertError(400, "INVALID_NAME");
    }

    @Test
    void readinessReportsTheMirrorsRevisionCatchingUpWithEtcd() {
        long rev = put("ready/k", "v");
        await().untilAsserted(() -> {
            TestHttp.Answer ready = http.get("/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().get("mirrors").get(0).get("prefix").asText()).isEqualTo("/beacon/");
            assertThat(ready.json().get("etcd").get("revision").asLong()).isGreaterThanOrEqualTo(rev);
            assertThat(ready.json().get("mirror").get("lagMs").asLong()).isZero();
        });
    }
}
