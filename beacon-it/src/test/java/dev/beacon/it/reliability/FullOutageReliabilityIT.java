package dev.beacon.it.reliability;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestEvents;
import dev.beacon.testkit.TestHttp;
import dev.beacon.testkit.TestSocket;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every etcd member is down for 30 s under open streams. Asserted: config, discovery and mirrored seed reads are
 * answered from memory and marked stale; writes answer 503 within the request timeout (a request with no answer
 * 3 s later fails the test as a hang); {@code /ready} is 503; after recovery each subscriber — raw SSE, config SSE,
 * service SSE, WebSocket and a long-polling client — has every acknowledged change exactly once, in order. Reported (not asserted): how long after etcd is healthy
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
             TestEvents seedWatch = TestEvents.open(beacon.url(), "/api/v1/events?prefix=out-raw/");
             TestEvents service = TestEvents.open(beacon.url(), "/api/v1/events/services/out");
             TestSocket socket = TestSocket.open(beacon.url())) {
            await().until(() -> beacon.server().events().sseStreams() == 4);
            socket.send("{\"subscribe\":\"config/out/prod\",\"afterRevision\":" + acknowledged.get(0) + "}");
            await().until(() -> !socket.messages(m -> m.path("type").asText().equals("subscribed")).isEmpty());
            Thread poller = new Thread(() -> longPoll(acknowledged.get(0)), "long-poller");
            poller.setDaemon(true);
            poller.start();
            acknowledged.add(http.put("/api/v1/config/out/prod/k", json(Map.of("value", "still up"))).revision());

            etcd.faults().stopAll();
            long downAt = System.nanoTime();
            TestHttp bounded = http.withTimeout(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/ready").status() == 503);
            bounded.put("/api/v1/config/out/prod/k", json(Map.of("value", "during"))).assertError(503, "ETCD_UNAVAILABLE");
            TestHttp.Answer item = bounded.get("/api/v1/config/out/prod/k");
            assertThat(item.status()).isEqualTo(200);
            assertThat(item.header("X-Beacon-Stale")).isEqualTo("true");
            TestHttp.Answer discovery = bounded.get("/api/v1/services/out");
            assertThat(discovery.status()).isEqualTo(200);
            assertThat(discovery.header("X-Beacon-Stale")).isEqualTo("true");
            assertThat(discovery.json().get("instances")).hasSize(1);
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

            long registered = http.put("/api/v1/services/out/instances/o-2",
                    json(Map.of("address", "127.0.0.2", "port", 9, "ttl", 60))).revision();

            long last = acknowledged.get(acknowledged.size() - 1);
            List<Long> expected = acknowledged.subList(1, acknowledged.size());
            for (TestEvents events : List.of(raw, config)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> !events.changes().isEmpty()
                        && events.changes().get(events.changes().size() - 1).revision() == last);
                List<Long> seen = events.changes().stream().map(TestEvents.Event::revision).toList();
                assertThat(seen).isSorted().doesNotHaveDuplicates().containsAll(expected);
                assertThat(events.ended()).isFalse();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> socketRevisions(socket).contains(last));
            assertThat(socketRevisions(socket)).as("WebSocket").isSorted().doesNotHaveDuplicates().containsAll(expected);
            assertThat(socket.isClosed()).isFalse();
            await().atMost(Duration.ofSeconds(20)).until(() -> polled.contains(last));
            assertThat(polled).as("long poll").isSorted().doesNotHaveDuplicates().containsAll(expected);
            await().atMost(Duration.ofSeconds(20)).until(() -> service.changes().stream().anyMatch(e -> e.revision() == registered));
            assertThat(service.changes().stream().map(TestEvents.Event::revision).toList()).as("service SSE")
                    .isSorted().doesNotHaveDuplicates();
            assertThat(service.ended()).isFalse();
            assertThat(seedWatch.ended()).isFalse();
        } finally {
            polling.set(false);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> http.get("/ready").status() == 200);
    }

    private final AtomicBoolean polling = new AtomicBoolean(true);
    private final List<Long> polled = new CopyOnWriteArrayList<>();

    /**
     * A long-polling client as the SDK is one: polls from the last revision it has, and after a failure polls from it
     * again, 200 ms later; each Awaitility round is one poll, until the test stops it.
     */
    private void longPoll(long from) {
        TestHttp http = beacon.http().withTimeout(Duration.ofSeconds(10));
        long[] after = {from};
        await().forever().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).until(() -> {
            try {
                TestHttp.Answer a = http.get("/api/v1/watch/config/out/prod?timeout=3s&afterRevision=" + after[0]);
                if (a.status() == 200) {
                    a.json().get("changes").forEach(c -> polled.add(c.get("modRevision").asLong()));
                    after[0] = a.json().get("revision").asLong();
                }
            } catch (RuntimeException e) {
                // the request failed (timeout, connection): poll again from the same revision
            }
            return !polling.get();
        });
    }

    private static List<Long> socketRevisions(TestSocket socket) {
        return socket.changes("config/out/prod").stream().map(m -> m.get("revision").asLong()).toList();
    }
}
