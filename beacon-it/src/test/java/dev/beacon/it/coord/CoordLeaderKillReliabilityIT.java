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
 * unique, and a session written before the kill is still there after it.
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
}
