package dev.beacon.it.events;

import dev.beacon.core.etcd.Bytes;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.server.BeaconServer;
import dev.beacon.server.ServerSettings;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestEvents;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A three-node etcd: the leader dies under a stream of writes; a member is away while history is compacted. */
class EventStreamFailoverIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.threeNodes();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    private static long put(EtcdConnection c, String key, String value) {
        return c.await("put " + key, () -> c.client().getKVClient().put(Bytes.of(key), Bytes.of(value))).getHeader().getRevision();
    }

    @Test
    void killingTheLeaderLosesNoAcknowledgedChangeAndRepeatsNone() throws Exception {
        EtcdConnection writer = etcd.connection();
        List<Long> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        try (TestEvents events = TestEvents.open(beacon.url(), "/api/v1/events?prefix=failover/")) {
            Thread writes = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    try {
                        acknowledged.add(put(writer, "failover/k" + (i % 20), "v" + i));
                    } catch (RuntimeException unacknowledged) {
                        // during the election a write may fail; it was not acknowledged
                    }
                }
            });
            writes.start();
            await().until(() -> acknowledged.size() >= 50);
            etcd.faults().kill(etcd.faults().leader());
            int atKill = acknowledged.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= atKill + 50);
            stop.set(true);
            writes.join();
            long last = Collections.max(acknowledged);
            await().atMost(Duration.ofSeconds(30)).until(() -> !events.changes().isEmpty()
                    && events.changes().get(events.changes().size() - 1).revision() >= last);
            List<Long> seen = events.changes().stream().map(TestEvents.Event::revision).toList();
            assertThat(seen).isSorted().doesNotHaveDuplicates().containsAll(acknowledged);
        } finally {
            stop.set(true);
            etcd.faults().healAll();
        }
    }

    @Test
    void aServerWhoseMemberWasAwayDuringCompactionReconcilesAndEmitsTheDifference() throws Exception {
        // a second server that can only reach member 0
        BeaconServer lonely = BeaconServer.start(ServerSettings.forEndpoints(Files.createTempDirectory("lonely-"),
                etcd.endpoints().get(0)));
        EtcdConnection writer = etcd.connection();
        try (TestEvents events = TestEvents.open(lonely.url(), "/api/v1/events?prefix=away/")) {
            put(writer, "away/a", "1");
            put(writer, "away/b", "1");
            await().until(() -> events.changes().size() == 2);
            var mirror = lonely.mirrors().forPrefix("away/");
            long reloadsBefore = mirror.reloads();

            etcd.faults().stop(0);
            long a2 = put(writer, "away/a", "2");
            writer.await("delete", () -> writer.client().getKVClient().delete(Bytes.of("away/b")));
            long c1 = put(writer, "away/c", "1");
            etcd.faults().compact();
            etcd.faults().restart(0);

            await().atMost(Duration.ofSeconds(30)).until(() -> events.changes().size() >= 5);
            List<TestEvents.Event> after = events.changes().subList(2, events.changes().size());
            assertThat(after).extracting(TestEvents.Event::type).containsExactlyInAnyOrder("put", "delete", "put");
            assertThat(after).filteredOn(e -> e.type().equals("put")).extracting(TestEvents.Event::revision)
                    .containsExactly(a2, c1);
            assertThat(after).filteredOn(e -> e.type().equals("delete")).extracting(e -> e.data().get("key").asText())
                    .containsExactly("away/b");
            // reconciled deletes carry the revision of the re-list, which a real change may share
            assertThat(events.changes().stream().map(TestEvents.Event::revision).toList()).isSorted();
            assertThat(events.changes().stream().map(e -> e.type() + e.data().get("key").asText() + "@" + e.revision()).toList())
                    .doesNotHaveDuplicates();
            assertThat(mirror.reloads()).isGreaterThan(reloadsBefore);
            assertThat(mirror.list("away/")).extracting(e -> e.key() + "=" + e.value())
                    .containsExactly("away/a=2", "away/c=1");

            long live = put(writer, "away/d", "1");
            await().until(() -> events.changes().get(events.changes().size() - 1).revision() == live);
        } finally {
            lonely.close();
            etcd.faults().healAll();
        }
    }
}
