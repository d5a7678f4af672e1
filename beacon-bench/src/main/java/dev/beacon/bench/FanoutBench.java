package dev.beacon.bench;

import dev.beacon.core.etcd.Bytes;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.EtcdSettings;
import dev.beacon.core.launcher.EtcdCluster;
import dev.beacon.core.launcher.EtcdNode;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Change → subscriber latency at a real change rate: N SSE subscribers of one raw prefix on a Beacon server
 * (its own process, the fat jar), M changes published with jetcd at R changes/s; then the same with N raw
 * jetcd watchers (one watch each) as the reference, in the same run. Each change's value is its sequence
 * number; latency is measured from the put's acknowledgement (the publisher's clock, in this JVM) to the
 * arrival of the event at each subscriber (negative values — the event arriving before the publisher saw
 * its ack — count as 0). Every subscriber must receive every change exactly once and in order: the row
 * reports the events delivered, missing, duplicated or out of order.
 *
 * <p>Usage, from the repository root after {@code mvn -q -DskipTests package}:
 * {@code java -cp beacon-bench/target/beacon-bench-*-all.jar dev.beacon.bench.FanoutBench RATE CHANGES N...}
 * (defaults: 50 changes/s, 500 changes, 100 and 1000 subscribers).
 */
public final class FanoutBench {
    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int changes = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int[] counts = args.length > 2 ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[]{100, 1000};
        Path dir = Files.createTempDirectory("beacon-fanoutbench-");
        try (EtcdCluster etcd = EtcdCluster.start(dir, 1);
             EtcdConnection raw = EtcdConnection.open(EtcdSettings.of(etcd.endpoints()))) {
            int port = EtcdNode.freePort();
            Process server = EventBench.startServer(etcd.endpointsCsv(), port, dir.resolve("server"));
            serverPid = server.pid();
            try {
                EventBench.awaitReady(port);
                System.out.println("FanoutBench on " + Bench.machine() + "; " + changes + " changes per row at " + rate
                        + " changes/s; latency from the put's ack");
                sseRow(raw, port, 100, rate, Math.min(changes, 5 * rate)); // warm-up, not reported
                watcherRow(raw, 100, rate, Math.min(changes, 5 * rate));
                System.out.println("| subscribers | Beacon SSE p50 ms | p99 ms | max ms | delivered / missing / dup or out of order | server peak RSS while pushing MB "
                        + "| jetcd watchers p50 ms | p99 ms | max ms | delivered | p99 ratio |");
                System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
                for (int n : counts) {
                    Row sse = sseRow(raw, port, n, rate, changes);
                    long rss = peakRssKb.get() / 1024;
                    Row watchers;
                    try {
                        watchers = watcherRow(raw, n, rate, changes);
                    } catch (Exception e) { // e.g. one etcd with 10,000 watch streams on 2 cores times out the publisher
                        watchers = new Row("reference failed: " + e.getMessage().replace('|', '/') + " | – | –", "–", Double.NaN);
                    }
                    System.out.println("| " + n + " | " + sse.stats + " | " + sse.counts + " | " + rss + " | " + watchers.stats
                            + " | " + watchers.counts + " | " + String.format("%.1f", sse.p99 / Math.max(0.001, watchers.p99)) + " |");
                }
            } finally {
                server.destroy();
                server.waitFor();
            }
        }
    }

    private static long serverPid;
    /** The server's peak RSS while the last SSE row's changes were pushed, in kB. */
    private static final AtomicLong peakRssKb = new AtomicLong();

    private record Row(String stats, String counts, double p99) {
    }

    /** Per-subscriber arrival times by sequence number, with order checks. */
    private static final class Arrivals {
        final long[][] at;
        final int[] next;
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong disorder = new AtomicLong();

        Arrivals(int n, int changes) {
            at = new long[n][changes];
            next = new int[n];
        }

        /** Called serially per subscriber. */
        void arrived(int subscriber, int seq, long now) {
            if (seq != next[subscriber]) {
                disorder.incrementAndGet();
            }
            if (seq >= 0 && seq < at[subscriber].length && at[subscriber][seq] == 0) {
                at[subscriber][seq] = now;
            }
            next[subscriber] = seq + 1;
            delivered.incrementAndGet();
        }

        Row row(long[] acks) {
            int changes = acks.length;
            long missing = 0;
            long[] lat = new long[at.length * changes];
            int k = 0;
            for (long[] a : at) {
                for (int s = 0; s < changes; s++) {
                    if (a[s] == 0) {
                        missing++;
                    } else {
                        lat[k++] = Math.max(0, a[s] - acks[s]) / 1000;
                    }
                }
            }
            lat = Arrays.copyOf(lat, k);
            Arrays.sort(lat);
            if (k == 0) {
                return new Row("– | – | –", "0 / " + missing + " / " + disorder.get(), Double.NaN);
            }
            double p50 = lat[k / 2] / 1000.0;
            double p99 = lat[Math.min(k - 1, (int) Math.ceil(k * 0.99) - 1)] / 1000.0;
            double max = lat[k - 1] / 1000.0;
            return new Row(String.format("%.1f | %.1f | %.1f", p50, p99, max),
                    delivered.get() + " / " + missing + " / " + disorder.get(), p99);
        }
    }

    private static Row sseRow(EtcdConnection raw, int port, int n, int rate, int changes) throws Exception {
        String prefix = "bench-fanout/sse" + n + "-" + System.nanoTime() + "/";
        Arrivals arrivals = new Arrivals(n, changes);
        StringBuilder[] lines = new StringBuilder[n];
        boolean[] greeted = new boolean[n];
        AtomicLong opened = new AtomicLong();
        for (int i = 0; i < n; i++) {
            lines[i] = new StringBuilder();
        }
        SocketFleet.Reader reader = (i, bytes, length) -> {
            long now = System.nanoTime();
            StringBuilder line = lines[i];
            for (int b = 0; b < length; b++) {
                char c = (char) bytes[b];
                if (c == '\n') {
                    String l = line.toString();
                    line.setLength(0);
                    if (!greeted[i] && l.startsWith("retry:")) {
                        greeted[i] = true;
                        opened.incrementAndGet();
                    } else if (l.startsWith("data:")) {
                        int at = l.indexOf("\"value\":\"");
                        if (at >= 0) {
                            arrivals.arrived(i, Integer.parseInt(l.substring(at + 9, l.indexOf('"', at + 9))), now);
                        }
                    }
                } else if (c != '\r') {
                    line.append(c);
                }
            }
        };
        try (SocketFleet fleet = new SocketFleet("127.0.0.1", port, "/api/v1/events?prefix=" + prefix,
                "Accept: text/event-stream\r\n", n, reader)) {
            waitFor(() -> opened.get() == n, Duration.ofSeconds(120));
            Thread.sleep(500);
            // the server's RSS is sampled while the changes are pushed (its peak), not before or after
            java.util.concurrent.atomic.AtomicBoolean pushing = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (pushing.get()) {
                    try {
                        peakRssKb.accumulateAndGet(EventBench.rssKb(serverPid), Math::max);
                        Thread.sleep(200);
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "rss-sampler");
            peakRssKb.set(0);
            sampler.setDaemon(true);
            sampler.start();
            long[] acks = publish(raw, prefix, rate, changes);
            long expected = (long) n * changes;
            waitFor(() -> arrivals.delivered.get() >= expected, Duration.ofSeconds(60));
            pushing.set(false);
            sampler.join();
            Thread.sleep(200);
            return arrivals.row(acks);
        } catch (IOException e) {
            return new Row("failed: " + e + " | – | –", "–", Double.NaN);
        }
    }

    private static Row watcherRow(EtcdConnection raw, int n, int rate, int changes) throws Exception {
        String prefix = "bench-fanout/raw" + n + "-" + System.nanoTime() + "/";
        Arrivals arrivals = new Arrivals(n, changes);
        List<Watch.Watcher> watchers = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                int w = i;
                watchers.add(raw.client().getWatchClient().watch(Bytes.of(prefix),
                        WatchOption.builder().isPrefix(true).build(), response -> {
                            long now = System.nanoTime();
                            synchronized (arrivals.at[w]) {
                                response.getEvents().forEach(e -> arrivals.arrived(w,
                                        Integer.parseInt(Bytes.str(e.getKeyValue().getValue())), now));
                            }
                        }));
            }
            Thread.sleep(Math.min(10_000, 500 + n));
            long[] acks = publish(raw, prefix, rate, changes);
            long expected = (long) n * changes;
            waitFor(() -> arrivals.delivered.get() >= expected, Duration.ofSeconds(60));
            Thread.sleep(200);
            return arrivals.row(acks);
        } finally {
            watchers.forEach(Watch.Watcher::close);
        }
    }

    /** Publishes {@code changes} puts at {@code rate} per second (paced, not waiting for each ack); returns each put's ack time. */
    private static long[] publish(EtcdConnection raw, String prefix, int rate, int changes) throws Exception {
        long[] acks = new long[changes];
        long gap = 1_000_000_000L / rate;
        long start = System.nanoTime();
        List<java.util.concurrent.CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < changes; i++) {
            long due = start + i * gap;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int seq = i;
            all.add(raw.client().getKVClient().put(Bytes.of(prefix + "k"), Bytes.of(Integer.toString(seq)))
                    .thenAccept(r -> acks[seq] = System.nanoTime()));
        }
        for (var f : all) {
            f.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        return acks;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
