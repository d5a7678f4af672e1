package dev.beacon.it.coord;

import dev.beacon.core.coord.LeaderLatch;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Beacon's own use of elections: one server among several leads a task, and another takes over when it stops. */
class LeaderLatchIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd, 2);

    /** Records what a latch's listener heard, in order. */
    static final class Heard implements LeaderLatch.Listener {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onElected(long token) {
            events.add("elected " + token);
        }

        @Override
        public void onRevoked() {
            events.add("revoked");
        }

        boolean leads() {
            synchronized (events) {
                return !events.isEmpty() && events.get(events.size() - 1).startsWith("elected");
            }
        }
    }

    @Test
    void oneServerLeadsAndAnotherTakesOverWhenItResignsOrLosesItsLease() throws Exception {
        Heard heard0 = new Heard();
        Heard heard1 = new Heard();
        LeaderLatch latch0 = beacon.server(0).lead("beacon.test-task", heard0);
        await().atMost(Duration.ofSeconds(10)).until(heard0::leads);
        LeaderLatch latch1 = beacon.server(1).lead("beacon.test-task", heard1);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                beacon.http(1).get("/api/v1/elections/beacon.test-task").json().get("candidates").asInt() == 2);
        assertThat(latch0.isLeader()).isTrue();
        assertThat(latch1.isLeader()).isFalse();
        assertThat(beacon.http(1).get("/api/v1/elections/beacon.test-task").json().get("leader").get("candidate").asText())
                .isEqualTo(beacon.url(0));

        latch0.close();

        await().atMost(Duration.ofSeconds(10)).until(heard1::leads);
        assertThat(heard0.events).hasSize(2).last().isEqualTo("revoked");
        assertThat(latch1.isLeader()).isTrue();
        long firstTerm = latch1.token();

        // the leading server's lease is lost (revoked behind its back): it stops leading, and campaigns again
        LeaderLatch again0 = beacon.server(0).lead("beacon.test-task", heard0);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                beacon.http(0).get("/api/v1/elections/beacon.test-task").json().get("candidates").asInt() == 2);
        EtcdConnection raw = etcd.connection();
        long lease1 = beacon.server(1).serverLease().leaseId();
        raw.client().getLeaseClient().revoke(lease1).get();

        await().atMost(Duration.ofSeconds(15)).until(() -> heard0.leads() && !heard1.leads());
        assertThat(heard1.events).containsExactly("elected " + firstTerm, "revoked");
        assertThat(again0.token()).isGreaterThan(firstTerm);
        await().atMost(Duration.ofSeconds(15)).until(() ->
                beacon.http(1).get("/api/v1/elections/beacon.test-task").json().get("candidates").asInt() == 2);
        assertThat(latch1.isLeader()).isFalse();

        again0.close();
        await().atMost(Duration.ofSeconds(10)).until(heard1::leads);
        latch1.close();
    }
}
