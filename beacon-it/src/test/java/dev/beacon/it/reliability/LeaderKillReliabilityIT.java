package dev.beacon.it.reliability;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The etcd leader is SIGKILLed twice under a steady mixed write load (config item PUT, config batch, the seed's
 * /set, registrations) spread over two Beacon servers on a 3-member cluster. Asserted: every acknowledged write is
 * in etcd afterwards (each key's final counter is at least its last acknowledged one), and reads from memory never
 * fail meanwhile. Reported (not asserted): how long after each kill writes succeed again.
 */
class LeaderKillReliabilityIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.threeNodes();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd, 2).with(BeaconExtension::fastTimeouts);

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();

    @Test
    void everyAcknowledgedWriteSurvivesTwoLeaderKillsAndReadsNeverFail() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Future<?>> load = new ArrayList<>();
        List<Long> recovery = new ArrayList<>();
        AtomicLong failedReads = new AtomicLong();
        try {
            load.add(pool.submit(() -> writer(0, n -> "/api/v1/config/rel/prod/item", "PUT", n -> json(Map.of("value", Long.toString(n))),
                    "/beacon/config/rel/prod/item")));
            load.add(pool.submit(() -> writer(1, n -> "/api/v1/config/rel-batch/prod", "PUT",
                    n -> json(Map.of("items", Map.of("a", Long.toString(n), "b", Long.toString(n)))), "/beacon/config/rel-batch/prod/a")));
            load.add(pool.submit(() -> writer(0, n -> "/set", "POST", n -> json(Map.of("key", "rel/seed", "value", Long.toString(n))),
                    "rel/seed")));
            load.add(pool.submit(() -> writer(1, n -> "/api/v1/services/rel/instances/r-" + n, "PUT",
                    n -> json(Map.of("address", "127.0.0.1", "port", 9, "ttl", 60)), null)));
            load.add(pool.submit(() -> {
                while (running.get()) {
                    if (beacon.http(1).get("/api/v1/config/rel/prod").status() != 200) {
                        failedReads.incrementAndGet();
                    }
                }
            }));
            await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged.size() >= 3);
            for (int round = 0; round < 2; round++) {
                int leader = etcd.faults().leader();
                long killedAt = System.nanoTime();
                etcd.faults().kill(leader);
                await().atMost(Duration.ofSeconds(30)).until(() -> ackTimes.stream().anyMatch(t -> t > killedAt));
                recovery.add((ackTimes.stream().filter(t -> t > killedAt).min(Long::compare).orElseThrow() - killedAt) / 1_000_000);
                etcd.faults().healAll();
                await().atMost(Duration.ofSeconds(20)).until(() -> beacon.http(0).get("/ready").status() == 200
                        && beacon.http(1).get("/ready").status() == 200);
            }
        } finally {
            running.set(false);
            for (Future<?> f : load) {
                f.get();
            }
            pool.shutdownNow();
            etcd.faults().healAll();
        }
        System.out.println("writes succeeded again " + recovery + " ms after each etcd leader kill");
        assertThat(failedReads.get()).as("reads from memory that failed during the kills").isZero();
        for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
            String key = ack.getKey();
            if (key.startsWith("/beacon/services/")) {
                assertThat(etcd.probe().get(key)).as("acknowledged registration %s", key).isPresent();
            } else {
                long stored = Long.parseLong(etcd.probe().get(key).orElseThrow());
                assertThat(stored).as("final value of %s against its last acknowledged write", key).isGreaterThanOrEqualTo(ack.getValue());
            }
        }
    }

    /** When each acknowledgement arrived (System.nanoTime). */
    private final java.util.Queue<Long> ackTimes = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Writes counter after counter through server {@code server}; records each acknowledged one under the key it wrote. */
    private void writer(int server, IntFunction<String> path, String method, java.util.function.LongFunction<String> body, String key) {
        TestHttp http = beacon.http(server).withTimeout(Duration.ofSeconds(10));
        for (int n = 1; running.get(); n++) {
            long counter = n;
            TestHttp.Answer a;
            try {
                a = http.send(method, path.apply(n), body.apply(counter), Map.of());
            } catch (RuntimeException e) {
                continue; // the connection broke: not acknowledged
            }
            if (a.status() == 200) {
                acknowledged.merge(key != null ? key : "/beacon/services/rel/r-" + n, counter, Math::max);
                ackTimes.add(System.nanoTime());
            } else {
                assertThat(a.status()).as(a.text()).isEqualTo(503);
            }
        }
    }
}
