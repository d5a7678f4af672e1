package dev.beacon.bench;

import dev.beacon.core.etcd.Bytes;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The service registry against raw jetcd at the same concurrency: registrations/s (lease grant + put),
 * heartbeats/s (keep-alive-once) and discovery/s (a range read; Beacon answers from its mirror); the time
 * from an instance's last heartbeat to its removal seen by a watcher; and 10,000 registered instances
 * (memory of the mirror, discovery latency). Usage: {@code RegistryBench [concurrency] [seconds] [ttl]}
 * (defaults 64, 10, 3).
 */
public final class RegistryBench {
    private static final String BODY = "{\"address\":\"10.1.2.3\",\"port\":8080,\"tags\":[\"bench\"],\"ttl\":%d}";

    public static void main(String[] args) throws Exception {
        int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        Duration measure = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        int ttl = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Duration warmup = Duration.ofSeconds(Math.min(3, measure.toSeconds()));
        try (Bench b = Bench.start()) {
            KV kv = b.raw.client().getKVClient();
            Lease lease = b.raw.client().getLeaseClient();
            List<Load.Result> rows = new ArrayList<>();

            // heartbeats: one instance (and one raw lease) per client thread
            long[] rawLeases = new long[concurrency];
            for (int t = 0; t < concurrency; t++) {
                rawLeases[t] = lease.grant(300).get().getID();
                b.send(put(b, "/api/v1/services/beat/instances/i-" + t, String.format(BODY, 300)));
            }
            rows.add(Load.run("jetcd keepAliveOnce", concurrency, warmup, measure, (t, i) -> lease.keepAliveOnce(rawLeases[t]).get()));
            rows.add(Load.run("Beacon PUT .../heartbeat", concurrency, warmup, measure,
                    (t, i) -> b.send(put(b, "/api/v1/services/beat/instances/i-" + t + "/heartbeat", ""))));

            // discovery of a 10-instance service
            for (int i = 0; i < 10; i++) {
                b.send(put(b, "/api/v1/services/disc/instances/d-" + i, String.format(BODY, 300)));
                kv.put(Bytes.of("/raw/services/disc/d-" + i), Bytes.of(String.format(BODY, 300))).get();
            }
            GetOption prefix = GetOption.builder().isPrefix(true).build();
            rows.add(Load.run("jetcd range read (10 keys)", concurrency, warmup, measure,
                    (t, i) -> kv.get(Bytes.of("/raw/services/disc/"), prefix).get()));
            rows.add(Load.run("Beacon GET /api/v1/services/disc", concurrency, warmup, measure,
                    (t, i) -> b.send(b.request("/api/v1/services/disc").GET().build())));
            rows.add(Load.run("Beacon GET .../disc?healthy=true", concurrency, warmup, measure,
                    (t, i) -> b.send(b.request("/api/v1/services/disc?healthy=true").GET().build())));

            // registrations: a new lease and instance each time (TTL 300 s, so nothing expires during the run)
            rows.add(Load.run("jetcd lease grant + put", concurrency, warmup, measure, (t, i) -> {
                long id = lease.grant(300).get().getID();
                kv.put(Bytes.of("/raw/services/reg/r-" + t + "-" + i), Bytes.of(String.format(BODY, 300)),
                        PutOption.builder().withLeaseId(id).build()).get();
            }));
            rows.add(Load.run("Beacon PUT .../instances/{id}", concurrency, warmup, measure,
                    (t, i) -> b.send(put(b, "/api/v1/services/reg/instances/r-" + t + "-" + i, String.format(BODY, 300)))));

            System.out.println("RegistryBench on " + Bench.machine() + ", " + measure.toSeconds() + " s per row after "
                    + warmup.toSeconds() + " s warm-up");
            System.out.println(Load.HEADER);
            rows.forEach(r -> System.out.println(r.row()));
            System.out.printf("ratios Beacon/jetcd: heartbeat %.2f, discovery %.2f, registration %.2f%n",
                    rows.get(1).opsPerSecond() / rows.get(0).opsPerSecond(), rows.get(3).opsPerSecond() / rows.get(2).opsPerSecond(),
                    rows.get(6).opsPerSecond() / rows.get(5).opsPerSecond());

            removalLatency(b, ttl);
            tenThousand(b, concurrency, warmup, measure);
        }
    }

    private static HttpRequest put(Bench b, String path, String body) {
        return b.request(path).PUT(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build();
    }

    /** From the last heartbeat to removal: seen by a raw etcd watch, and by discovery (polled every 10 ms). */
    private static void removalLatency(Bench b, int ttl) throws Exception {
        System.out.printf("%ntime from last heartbeat to removal, TTL %d s (goal: <= TTL + 2 s)%n| round | etcd watch sees DELETE ms | Beacon discovery drops it ms |%n|---|---|---|%n", ttl);
        for (int round = 0; round < 3; round++) {
            String id = "gone-" + round;
            b.send(put(b, "/api/v1/services/expiring/instances/" + id, String.format(BODY, ttl)));
            CompletableFuture<Long> deleted = new CompletableFuture<>();
            try (Watch.Watcher ignored = b.raw.client().getWatchClient().watch(Bytes.of("/beacon/services/expiring/" + id),
                    WatchOption.DEFAULT, r -> r.getEvents().stream().filter(e -> e.getEventType() == WatchEvent.EventType.DELETE)
                            .findFirst().ifPresent(e -> deleted.complete(System.nanoTime())))) {
                b.send(put(b, "/api/v1/services/expiring/instances/" + id + "/heartbeat", ""));
                long last = System.nanoTime();
                long gone = 0;
                while (gone == 0) {
                    String body = b.send(b.request("/api/v1/services/expiring").GET().build());
                    if (!body.contains("\"" + id + "\"")) {
                        gone = System.nanoTime();
                    } else {
                        Thread.sleep(10);
                    }
                }
                long watched = deleted.get(ttl + 10L, TimeUnit.SECONDS);
                System.out.printf("| %d | %,d | %,d |%n", round, (watched - last) / 1_000_000, (gone - last) / 1_000_000);
            }
        }
    }

    /** 10,000 instances of one service (one shared lease): the mirror's memory for them, and discovery latency. */
    private static void tenThousand(Bench b, int concurrency, Duration warmup, Duration measure) throws Exception {
        long before = usedHeap();
        String first = b.send(put(b, "/api/v1/services/big/instances/b-0", String.format(BODY, 300)));
        long leaseId = Long.parseLong(first.replaceAll(".*\"leaseId\":(\\d+).*", "$1"));
        String attached = "{\"address\":\"10.1.2.3\",\"port\":8080,\"tags\":[\"bench\"],\"leaseId\":" + leaseId + "}";
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(concurrency);
        List<java.util.concurrent.Future<String>> done = new ArrayList<>();
        long start = System.nanoTime();
        for (int n = 1; n < 10_000; n++) {
            String path = "/api/v1/services/big/instances/b-" + n;
            done.add(pool.submit(() -> b.send(put(b, path, attached))));
        }
        for (var f : done) {
            f.get();
        }
        pool.shutdown();
        System.out.printf("%n10,000 instances registered on one shared lease in %,d ms%n", (System.nanoTime() - start) / 1_000_000);
        while (!b.send(b.request("/api/v1/services").GET().build()).contains("\"service\":\"big\",\"instances\":10000")) {
            Thread.sleep(50);
        }
        long after = usedHeap();
        System.out.printf("10,000 instances of one service on one lease: heap +%,d KiB (~%,d bytes per instance, both keys and the parsed cache)%n",
                (after - before) / 1024, (after - before) / 10_000);
        KV kv = b.raw.client().getKVClient();
        GetOption prefix = GetOption.builder().isPrefix(true).build();
        int c = Math.min(concurrency, 8);
        List<Load.Result> rows = List.of(
                Load.run("jetcd range read (10,000 keys)", c, warmup, measure, (t, i) -> kv.get(Bytes.of("/beacon/services/big/"), prefix).get()),
                Load.run("Beacon GET /api/v1/services/big (10,000)", c, warmup, measure,
                        (t, i) -> b.send(b.request("/api/v1/services/big").GET().build())),
                Load.run("Beacon GET /api/v1/services/disc (10 of 10,010)", concurrency, warmup, measure,
                        (t, i) -> b.send(b.request("/api/v1/services/disc").GET().build())));
        System.out.println(Load.HEADER);
        rows.forEach(r -> System.out.println(r.row()));
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
