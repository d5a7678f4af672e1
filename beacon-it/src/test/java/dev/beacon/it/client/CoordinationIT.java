package dev.beacon.it.client;

import dev.beacon.api.Session;
import dev.beacon.client.BeaconClient;
import dev.beacon.client.BeaconClientException;
import dev.beacon.client.Campaign;
import dev.beacon.client.HeldLock;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Locks, elections, sessions and raw keys through the SDK. */
class CoordinationIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    private BeaconClient client() {
        return BeaconClient.builder().servers(beacon.url()).build();
    }

    @Test
    void aLockIsExclusiveKeptAliveWhileHeldAndItsTokenGrowsWithEveryHolder() {
        try (BeaconClient a = client(); BeaconClient b = client()) {
            long first;
            try (HeldLock lock = a.locks().acquire("nightly", Duration.ofSeconds(2))) {
                first = lock.token();
                assertThat(b.locks().tryAcquire("nightly", Duration.ofSeconds(2))).isEmpty();
                // held past several ttls: only the keep-alive keeps it
                await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8))
                        .until(() -> lock.isHeld() && b.locks().holder("nightly").token() == first);
            }
            try (HeldLock again = b.locks().acquire("nightly", Duration.ofSeconds(5))) {
                assertThat(again.token()).isGreaterThan(first);
            }
            assertThatThrownBy(() -> a.locks().holder("nightly")).isInstanceOfSatisfying(BeaconClientException.class,
                    e -> assertThat(e.kind()).isEqualTo(BeaconClientException.Kind.NOT_FOUND));
        }
    }

    @Test
    void closingTheClientReleasesItsLocks() {
        BeaconClient a = client();
        try (BeaconClient b = client()) {
            a.locks().acquire("release-on-close", Duration.ofSeconds(30));
            a.close();
            try (HeldLock lock = b.locks().acquire("release-on-close", Duration.ofSeconds(5), Duration.ZERO)) {
                assertThat(lock.isHeld()).isTrue();
            }
        } finally {
            a.close();
        }
    }

    @Test
    void theSecondCandidateLeadsWhenTheFirstResigns() throws InterruptedException {
        try (BeaconClient a = client(); BeaconClient b = client()) {
            List<String> heard = Collections.synchronizedList(new ArrayList<>());
            Campaign first = a.elections().campaign("scheduler", "node-a", Duration.ofSeconds(5), (leader, token) -> heard.add("a:" + leader));
            await().until(first::isLeader);
            Campaign second = b.elections().campaign("scheduler", "node-b", Duration.ofSeconds(5), (leader, token) -> heard.add("b:" + leader));
            assertThat(second.isLeader()).isFalse();
            assertThat(a.elections().leader("scheduler").leader().candidate()).isEqualTo("node-a");
            first.close();
            assertThat(second.awaitLeadership(Duration.ofSeconds(10))).isTrue();
            assertThat(second.token()).isPositive();
            await().until(() -> heard.containsAll(List.of("a:true", "a:false", "b:true")));
        }
    }

    @Test
    void sessionsCanBeWrittenReadTouchedAndDeleted() {
        try (BeaconClient c = client()) {
            c.sessions().put("cart-7", Map.of("user", "jörg", "items", 3), Duration.ofSeconds(30));
            Session s = c.sessions().get("cart-7");
            assertThat(s.data()).isEqualTo(Map.of("user", "jörg", "items", 3));
            assertThat(c.sessions().touch("cart-7").ttl()).isPositive();
            c.sessions().delete("cart-7");
            assertThatThrownBy(() -> c.sessions().get("cart-7")).isInstanceOfSatisfying(BeaconClientException.class,
                    e -> assertThat(e.kind()).isEqualTo(BeaconClientException.Kind.NOT_FOUND));
        }
    }

    @Test
    void rawKeysCanBeWrittenListedAndDeleted() {
        try (BeaconClient c = client()) {
            long rev = c.kv().put("/sdk/raw/a", "1", null, null).modRevision();
            c.kv().put("/sdk/raw/b", "2", null, null);
            assertThat(c.kv().get("/sdk/raw/a").value()).isEqualTo("1");
            assertThat(c.kv().list("/sdk/raw/", 0, false).kvs()).hasSize(2);
            assertThatThrownBy(() -> c.kv().put("/sdk/raw/a", "x", null, rev - 1)).isInstanceOfSatisfying(BeaconClientException.class,
                    e -> assertThat(e.kind()).isEqualTo(BeaconClientException.Kind.CONFLICT));
            assertThat(c.kv().delete("/sdk/raw/", true, null)).isEqualTo(2);
        }
    }
}
