package dev.beacon.it.coord;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.core.etcd.Bytes;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Locks with fencing tokens, on two Beacon servers sharing one etcd. */
class LockIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd, 2);

    private final TestHttp one = beacon.http(0);
    private final TestHttp two = beacon.http(1);

    /** A resource protected by the lock: it checks the fencing token and counts with a non-atomic read-modify-write. */
    static final class Resource {
        private long newestToken;
        private int counter;
        private final AtomicInteger inside = new AtomicInteger();
        private final List<String> violations = Collections.synchronizedList(new ArrayList<>());

        List<String> violations() {
            return violations;
        }

        void use(long token) {
            if (inside.incrementAndGet() != 1) {
                violations.add("two holders at once (token " + token + ")");
            }
            synchronized (this) {
                if (token <= newestToken) {
                    violations.add("token " + token + " is not newer than " + newestToken);
                }
                newestToken = token;
            }
            int read = counter;
            Thread.yield();
            counter = read + 1;
            inside.decrementAndGet();
        }
    }

    @Test
    void onlyOneClientHoldsTheLockAtATimeUnderContentionAcrossBothServers() throws Exception {
        int clients = 6;
        int rounds = 5;
        Resource resource = new Resource();
        List<Long> tokens = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                TestHttp http = beacon.http(c % 2);
                done.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        TestHttp.Answer a = http.post("/api/v1/locks/contended", json(Map.of("ttl", 10, "waitMs", 60_000)));
                        assertThat(a.status()).as(a.text()).isEqualTo(200);
                        long token = a.json().get("token").asLong();
                        tokens.add(token);
                        resource.use(token);
                        assertThat(http.get("/api/v1/locks/contended").json().get("token").asLong()).isEqualTo(token);
                        assertThat(http.delete("/api/v1/locks/contended?token=" + token).status()).isEqualTo(200);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(90, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(resource.violations).isEmpty();
        assertThat(resource.counter).isEqualTo(clients * rounds);
        assertThat(tokens).hasSize(clients * rounds).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void tokensOnlyGrowFromOneHolderToTheNext() {
        long previous = 0;
        for (int i = 0; i < 3; i++) {
            TestHttp.Answer a = (i % 2 == 0 ? one : two).post("/api/v1/locks/growing", json(Map.of("ttl", 5)));
            assertThat(a.status()).isEqualTo(200);
            long token = a.json().get("token").asLong();
            assertThat(token).isGreaterThan(previous);
            assertThat(a.json().get("leaseId").asLong()).isPositive();
            assertThat(a.json().get("ttl").asLong()).isEqualTo(5);
            assertThat(a.revision()).isEqualTo(token);
            previous = token;
            assertThat(one.delete("/api/v1/locks/growing?token=" + token).status()).isEqualTo(200);
        }
    }

    @Test
    void aCrashedHoldersLockIsFreedWhenItsTtlExpires() {
        long crashed = one.post("/api/v1/locks/crash", json(Map.of("ttl", 2, "owner", "crashes"))).json().get("token").asLong();

        TestHttp.Answer next = two.post("/api/v1/locks/crash", json(Map.of("ttl", 5, "waitMs", 15_000)));

        assertThat(next.status()).as(next.text()).isEqualTo(200);
        assertThat(next.json().get("token").asLong()).isGreaterThan(crashed);
        TestHttp.Answer late = one.delete("/api/v1/locks/crash?token=" + crashed);
        late.assertError(409, "LOCK_HELD");
        assertThat(one.put("/api/v1/locks/crash/keepalive?token=" + crashed, null).status()).isEqualTo(409);
        assertThat(two.delete("/api/v1/locks/crash?token=" + next.json().get("token").asLong()).status()).isEqualTo(200);
    }

    @Test
    void waitersAreServedInTheOrderTheyCame() throws Exception {
        long first = one.post("/api/v1/locks/fifo", json(Map.of("ttl", 10))).json().get("token").asLong();
        CompletableFuture<HeldRequests.Answer> second = HeldRequests.post(beacon.url(1) + "/api/v1/locks/fifo",
                json(Map.of("ttl", 10, "waitMs", 30_000, "owner", "second")));
        awaitWaiters("fifo", 1);
        CompletableFuture<HeldRequests.Answer> third = HeldRequests.post(beacon.url(0) + "/api/v1/locks/fifo",
                json(Map.of("ttl", 10, "waitMs", 30_000, "owner", "third")));
        awaitWaiters("fifo", 2);

        assertThat(one.delete("/api/v1/locks/fifo?token=" + first).status()).isEqualTo(200);
        HeldRequests.Answer got2 = second.get(10, TimeUnit.SECONDS);
        assertThat(got2.status()).isEqualTo(200);
        assertThat(third).isNotDone();
        assertThat(two.get("/api/v1/locks/fifo").json().get("owner").asText()).isEqualTo("second");

        assertThat(two.delete("/api/v1/locks/fifo?token=" + got2.json().get("token").asLong()).status()).isEqualTo(200);
        HeldRequests.Answer got3 = third.get(10, TimeUnit.SECONDS);
        assertThat(got3.status()).isEqualTo(200);
        assertThat(got3.json().get("token").asLong()).isGreaterThan(got2.json().get("token").asLong());
        one.delete("/api/v1/locks/fifo?token=" + got3.json().get("token").asLong());
    }

    @Test
    void aWaiterThatDisconnectsLeavesTheQueueAndNeverHoldsTheLock() throws Exception {
        long holder = one.post("/api/v1/locks/leaver", json(Map.of("ttl", 10))).json().get("token").asLong();
        CompletableFuture<HeldRequests.Answer> waiter = HeldRequests.post(beacon.url(1) + "/api/v1/locks/leaver",
                json(Map.of("ttl", 10, "waitMs", 30_000)));
        awaitWaiters("leaver", 1);

        waiter.cancel(true);

        awaitWaiters("leaver", 0);
        assertThat(keysUnder("/beacon/locks/leaver/")).isEqualTo(1);
        assertThat(one.delete("/api/v1/locks/leaver?token=" + holder).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> two.get("/api/v1/locks/leaver").status() == 404);
        assertThat(keysUnder("/beacon/locks/leaver/")).isZero();
    }

    @Test
    void aWaiterWhoseSocketClosesLeavesTheQueue() throws Exception {
        long holder = two.post("/api/v1/locks/socket", json(Map.of("ttl", 10))).json().get("token").asLong();
        try (Socket socket = HeldRequests.postRaw(beacon.url(0), "/api/v1/locks/socket", json(Map.of("ttl", 10, "waitMs", 30_000)))) {
            awaitWaiters("socket", 1);
        }
        awaitWaiters("socket", 0);
        assertThat(two.delete("/api/v1/locks/socket?token=" + holder).status()).isEqualTo(200);
        assertThat(keysUnder("/beacon/locks/socket/")).isZero();
    }

    @Test
    void aWaiterWhoseWaitPassesGets409AndLeavesNothingBehind() {
        long holder = one.post("/api/v1/locks/patient", json(Map.of("ttl", 10, "owner", "host-a"))).json().get("token").asLong();

        TestHttp.Answer tryOnce = two.post("/api/v1/locks/patient", json(Map.of("ttl", 10)));
        TestHttp.Answer waited = two.post("/api/v1/locks/patient", json(Map.of("ttl", 10, "waitMs", 300)));

        for (TestHttp.Answer a : List.of(tryOnce, waited)) {
            a.assertError(409, "LOCK_HELD");
            assertThat(a.json().get("error").asText()).contains("token " + holder).contains("host-a");
        }
        assertThat(keysUnder("/beacon/locks/patient/")).isEqualTo(1);
        one.delete("/api/v1/locks/patient?token=" + holder);
    }

    @Test
    void releaseOrKeepAliveWithAStaleTokenIsRefusedAndChangesNothing() {
        long t1 = one.post("/api/v1/locks/stale", json(Map.of("ttl", 10))).json().get("token").asLong();
        assertThat(one.delete("/api/v1/locks/stale?token=" + t1).json().get("released").asBoolean()).isTrue();
        assertThat(two.delete("/api/v1/locks/stale?token=" + t1).status()).isEqualTo(409);

        long t2 = two.post("/api/v1/locks/stale", json(Map.of("ttl", 10))).json().get("token").asLong();
        TestHttp.Answer release = one.delete("/api/v1/locks/stale?token=" + t1);
        TestHttp.Answer keepAlive = one.put("/api/v1/locks/stale/keepalive?token=" + t1, null);

        release.assertError(409, "LOCK_HELD");
        assertThat(keepAlive.status()).isEqualTo(409);
        assertThat(one.get("/api/v1/locks/stale").json().get("token").asLong()).isEqualTo(t2);
        assertThat(two.delete("/api/v1/locks/stale?token=" + t2).status()).isEqualTo(200);
    }

    @Test
    void keepAliveKeepsALockPastItsTtl() {
        TestHttp.Answer a = one.post("/api/v1/locks/kept", json(Map.of("ttl", 2)));
        long token = a.json().get("token").asLong();
        long started = System.nanoTime();
        ScheduledExecutorService keeper = Executors.newSingleThreadScheduledExecutor();
        try {
            keeper.scheduleAtFixedRate(() -> two.put("/api/v1/locks/kept/keepalive?token=" + token, null), 500, 500, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() - started > TimeUnit.SECONDS.toNanos(3) + TimeUnit.MILLISECONDS.toNanos(500));
        } finally {
            keeper.shutdownNow();
        }
        TestHttp.Answer kept = one.put("/api/v1/locks/kept/keepalive?token=" + token, null);
        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.json().get("ttl").asLong()).isBetween(1L, 2L);
        assertThat(two.get("/api/v1/locks/kept").json().get("token").asLong()).isEqualTo(token);
        one.delete("/api/v1/locks/kept?token=" + token);
    }

    @Test
    void theHolderAndEveryHeldLockAreVisibleFromBothServers() {
        long token = one.post("/api/v1/locks/visible", json(Map.of("ttl", 10, "owner", "worker-7"))).json().get("token").asLong();

        await().atMost(Duration.ofSeconds(5)).until(() -> two.get("/api/v1/locks/visible").status() == 200);
        JsonNode holder = two.get("/api/v1/locks/visible").json();
        assertThat(holder.get("name").asText()).isEqualTo("visible");
        assertThat(holder.get("token").asLong()).isEqualTo(token);
        assertThat(holder.get("owner").asText()).isEqualTo("worker-7");
        assertThat(holder.get("waiters").asInt()).isZero();
        TestHttp.Answer all = two.get("/api/v1/locks");
        assertThat(all.json().get("locks")).anySatisfy(l -> assertThat(l.get("name").asText()).isEqualTo("visible"));
        assertThat(all.revision()).isGreaterThanOrEqualTo(token);

        one.delete("/api/v1/locks/visible?token=" + token);
        await().atMost(Duration.ofSeconds(5)).until(() -> two.get("/api/v1/locks/visible").status() == 404);
        assertThat(one.get("/api/v1/locks/visible").json().get("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void aLockTakenWithEtcdsOwnLockApiExcludesBeaconsClients() throws Exception {
        EtcdConnection raw = etcd.connection();
        long lease = raw.client().getLeaseClient().grant(10).get().getID();
        var locked = raw.client().getLockClient().lock(Bytes.of("/beacon/locks/shared-with-etcd"), lease).get(5, TimeUnit.SECONDS);

        TestHttp.Answer refused = one.post("/api/v1/locks/shared-with-etcd", json(Map.of("ttl", 5)));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(one.get("/api/v1/locks/shared-with-etcd").json().get("leaseId").asLong()).isEqualTo(lease);

        raw.client().getLockClient().unlock(locked.getKey()).get(5, TimeUnit.SECONDS);
        TestHttp.Answer granted = one.post("/api/v1/locks/shared-with-etcd", json(Map.of("ttl", 5, "waitMs", 5000)));
        assertThat(granted.status()).isEqualTo(200);
        one.delete("/api/v1/locks/shared-with-etcd?token=" + granted.json().get("token").asLong());
        raw.client().getLeaseClient().revoke(lease).get();
    }

    private void awaitWaiters(String lock, int waiters) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            TestHttp.Answer a = one.get("/api/v1/locks/" + lock);
            return a.status() == 200 && a.json().get("waiters").asInt() == waiters;
        });
    }

    private static long keysUnder(String prefix) {
        return etcd.probe().count(prefix);
    }
}
