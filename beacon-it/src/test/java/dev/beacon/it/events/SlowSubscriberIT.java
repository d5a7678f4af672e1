package dev.beacon.it.events;

import dev.beacon.core.etcd.Bytes;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestEvents;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One subscriber that never reads is cut off; a hundred others keep receiving everything, in order. */
class SlowSubscriberIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    private static final int WRITES = 1500;

    @Test
    void aSubscriberThatNeverReadsIsCutOffWhileAHundredOthersReceiveEverything() throws Exception {
        URI uri = URI.create(beacon.url());
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /api/v1/events?prefix=slow/ HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().until(() -> beacon.server().events().sseStreams() == 1);

            List<TestEvents> readers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                readers.add(TestEvents.open(beacon.url(), "/api/v1/events?prefix=slow/small/"));
            }
            await().until(() -> beacon.server().events().sseStreams() == 101);

            EtcdConnection c = etcd.connection();
            // ~8 MB that only the stalled subscriber wants: more than the kernel buffers for a client that never reads
            String big = "B".repeat(64 * 1024);
            for (int i = 0; i < 128; i++) {
                String key = "slow/big/k" + (i % 8);
                c.await("put", () -> c.client().getKVClient().put(Bytes.of(key), Bytes.of(big)));
            }
            String value = "x".repeat(500);
            List<CompletableFuture<?>> writes = new ArrayList<>();
            for (int i = 0; i < WRITES; i++) {
                String key = "slow/small/k" + (i % 50);
                writes.add(c.call("put", () -> c.client().getKVClient().put(Bytes.of(key), Bytes.of(value))));
                if (writes.size() == 64) {
                    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
                    writes.clear();
                }
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();

            // healthy readers are never held up by the stalled one: every change reaches them well inside the 10 s
            // write-stall cut-off (were they delayed that long, they would be cut off too)
            await().atMost(Duration.ofSeconds(5)).until(() -> readers.stream().allMatch(r -> r.changes().size() == WRITES));
            await().atMost(Duration.ofSeconds(60)).until(() -> beacon.server().events().sseStreams() == 100);
            for (TestEvents r : readers) {
                assertThat(r.changes()).extracting(TestEvents.Event::revision).isSorted().doesNotHaveDuplicates();
                assertThat(r.ended()).isFalse();
                r.close();
            }
            // the stalled client finds its connection closed once it reads what was buffered
            stalled.setSoTimeout(30_000);
            InputStream in = stalled.getInputStream();
            byte[] buffer = new byte[65536];
            long total = 0;
            int n;
            try {
                while ((n = in.read(buffer)) >= 0) {
                    total += n;
                }
            } catch (java.net.SocketException reset) {
                // an aborted connection may end with a reset instead of a clean end of stream
            }
            assertThat(total).as("bytes buffered for the stalled client").isLessThan(128L * big.length() + (long) WRITES * 500);
        }
    }
}
