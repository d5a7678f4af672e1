package dev.beacon.it.http;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every read answers the revision its body reflects: under concurrent writes, the {@code X-Beacon-Revision} of an
 * item (and of an app/profile list) is never newer than the body. Checked exactly: the body's modRevision must be
 * the newest acknowledged write at or below the header, so a client that long-polls from the header hears of
 * every write it did not see.
 */
class RevisionHeaderIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    @Test
    void aReadsRevisionHeaderIsNeverNewerThanItsBodyUnderConcurrentWrites() throws Exception {
        TestHttp http = beacon.http();
        NavigableSet<Long> written = new ConcurrentSkipListSet<>();
        written.add(http.put("/api/v1/config/rev/p/k", json(Map.of("value", "0"))).revision());
        AtomicBoolean writing = new AtomicBoolean(true);
        record Seen(long header, long body) {
        }
        List<Seen> items = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Seen> lists = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> writer = pool.submit(() -> {
                for (int i = 1; i <= 300; i++) {
                    written.add(http.put("/api/v1/config/rev/p/k", json(Map.of("value", Integer.toString(i)))).revision());
                }
                writing.set(false);
            });
            Future<?> itemReader = pool.submit(() -> {
                while (writing.get()) {
                    TestHttp.Answer a = http.get("/api/v1/config/rev/p/k");
                    items.add(new Seen(a.revision(), a.json().get("modRevision").asLong()));
                }
            });
            Future<?> listReader = pool.submit(() -> {
                while (writing.get()) {
                    TestHttp.Answer a = http.get("/api/v1/config/rev/p");
                    lists.add(new Seen(a.revision(), a.json().get("items").get(0).get("modRevision").asLong()));
                    assertThat(a.json().get("revision").asLong()).isEqualTo(a.revision());
                }
            });
            writer.get();
            itemReader.get();
            listReader.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(items).hasSizeGreaterThan(10);
        assertThat(lists).hasSizeGreaterThan(10);
        for (Seen s : items) {
            assertThat(s.body()).as("item read with header %d", s.header()).isEqualTo(written.floor(s.header()));
        }
        for (Seen s : lists) {
            assertThat(s.body()).as("list read with header %d", s.header()).isEqualTo(written.floor(s.header()));
        }
    }
}
