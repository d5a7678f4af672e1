package dev.beacon.it.coord;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Locks and sessions across an etcd leader kill (3 members, 2 Beacon servers): four clients take one lock in turn
 * through both servers while the leader is SIGKILLed. Asserted: a protected resource that checks fencing tokens never
 * sees two holders at once nor an older token after a newer one, grants go on after the kill, every granted token is
 * unique, and a session written before the kill is still there after it. Then three waiters queued behind a holder,
 * and three election candidates, across a second kill: the waiters are granted in the order they queued, and
 * leadership passes to the candidates in the order they campaigned.
 */
class CoordLeaderKillReliabilityIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.threeNodes();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd, 2).with(BeaconExtension::fastTimeouts);

    @Test
    void theLockNeverHasTwoHoldersAndSessionsStayAcrossALeaderKill() throws Exception {
        assertThat(beacon.http(0).put("/api/v1/sessions/kept", json(Map.of("data", Map.of("user", "ada"), "ttl", 60))).status())
                .isEqualTo(200);
        LockIT.Resource resource = new LockIT.Resource();
        List<Long> grants = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> clients = new ArrayList<>();
        try {
            for (int c = 0; c < 4; c++) {
                TestHttp http = beacon.http(c % 2).withTimeout(Duration.ofSeconds(40));
                clients.add(pool.submit(() -> {
                    while (running.get()) {
                        TestHttp.Answer a = http.post("/api/v1/locks/guarded", json(Map.of("ttl", 10, "waitMs", 20_000)));
                        if (a.status() != 200) {
                            assertThat(a.status()).as(a.text()).isIn(409, 503); // not acquired in time, or etcd away: retry
                            continue;
                        }
                        long token = a.json().get("token").asLong();
                        grants.add(token);
                        resource.use(token);
                        http.delete("/api/v1/locks/guarded?token=" + token); // may answer 503 during the kill: the lease expires
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> grants.size() >= 5);
            int leader = etcd.faults().leader();
            etcd.faults().kill(leader);
            int atKill = grants.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> grants.size() >= atKill + 10);
        } finally {
            running.set(false);
            for (Future<?> f : clients) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdownNow();
            etcd.faults().healAll();
        }
        assertThat(resource.violations()).isEmpty();
        assertThat(grants).doesNotHaveDuplicates();
        TestHttp.Answer session = beacon.http(1).get("/api/v1/sessions/kept?consistent=true");
        assertThat(session.status()).isEqualTo(200);
        assertThat(session.json().get("data").get("user").asText()).isEqualTo("ada");
    }

    @Test
    void waitersAreGrantedInQueueOrderAndCandidatesLeadInTurnAcrossALeaderKill() throws Exception {
        TestHttp first = beacon.http(0).withTimeout(Duration.ofSeconds(60));
        long held = first.post("/api/v1/locks/queue", json(Map.of("ttl", 30, "owner", "holder"))).json().get("token").asLong();
        List<String> granted = new CopyOnWriteArrayList<>();
        List<Long> tokens = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> waiters = new ArrayList<>();
        try {
            for (int w = 1; w <= 3; w++) {
                String owner = "waiter-" + w;
                TestHttp http = beacon.http(w % 2).withTimeout(Duration.ofSeconds(90));
                waiters.add(pool.submit(() -> {
                    TestHttp.Answer a = http.post("/api/v1/locks/queue", json(Map.of("ttl", 30, "waitMs", 60_000, "owner", owner)));
                    assertThat(a.status()).as(owner + ": " + a.text()).isEqualTo(200);
                    granted.add(owner);
                    long token = a.json().get("token").asLong();
                    tokens.add(token);
                    untilOk(http, "DELETE", "/api/v1/locks/queue?token=" + token);
                    return null;
                }));
                int queued = w;
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        beacon.http(0).get("/api/v1/locks/queue").json().get("waiters").asInt() == queued);
            }
            for (int c = 1; c <= 3; c++) {
                TestHttp.Answer campaign = beacon.http(c % 2).post("/api/v1/elections/sched",
                        json(Map.of("candidate", "candidate-" + c, "ttl", 30)));
                assertThat(campaign.json().get("position").asInt()).isEqualTo(c - 1);
            }

            etcd.faults().kill(etcd.faults().leader());

            untilOk(first, "DELETE", "/api/v1/locks/queue?token=" + held);
            for (Future<?> f : waiters) {
                f.get(90, TimeUnit.SECONDS);
            }
            assertThat(granted).containsExactly("waiter-1", "waiter-2", "waiter-3");
            assertThat(tokens).isSorted().allMatch(t -> t > held);

            for (int c = 1; c <= 3; c++) {
                String candidate = "candidate-" + c;
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(beacon.http(1)
                        .get("/api/v1/elections/sched").json().path("leader").path("candidate").asText()).isEqualTo(candidate));
                long lease = beacon.http(0).get("/api/v1/elections/sched").json().get("leader").get("leaseId").asLong();
                untilOk(beacon.http(c % 2), "DELETE", "/api/v1/elections/sched?leaseId=" + lease);
            }
        } finally {
            pool.shutdownNow();
            etcd.faults().healAll();
        }
    }

    /** Sends the request until it answers 200: during the kill it may answer 503 (etcd unavailable), which is retried. */
    private static void untilOk(TestHttp http, String method, String path) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            TestHttp.Answer a = http.send(method, path, null, Map.of());
            assertThat(a.status()).as(a.text()).isIn(200, 503);
            return a.status() == 200;
        });
    }
}
