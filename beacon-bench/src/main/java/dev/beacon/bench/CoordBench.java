package dev.beacon.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beacon.core.etcd.Bytes;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.Lock;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Locks: acquire + release through Beacon ({@code POST} then {@code DELETE /api/v1/locks/{name}}) against
 * etcd's own lock API through jetcd at the same concurrency. Each acquisition gets its own lease in both
 * (Beacon grants one per acquisition, so the reference does grant + lock + unlock + revoke). Rows: one client
 * on its own lock (uncontended), and N clients on one lock (contended; Beacon's clients queue with waitMs,
 * jetcd's lock call waits inside etcd). Usage: {@code CoordBench [seconds per row] [contending clients]}
 * (defaults 10, 16).
 */
public final class CoordBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Duration measure = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
        int contending = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Duration warmup = Duration.ofSeconds(Math.min(3, measure.toSeconds()));
        try (Bench b = Bench.start()) {
            Lock lock = b.raw.client().getLockClient();
            Lease lease = b.raw.client().getLeaseClient();
            List<Load.Result> results = new ArrayList<>();
            results.add(Load.run("jetcd grant+lock+unlock+revoke, own lock", 1, warmup, measure,
                    (t, i) -> jetcd(lock, lease, "/bench/locks/own-" + t)));
            results.add(Load.run("Beacon POST+DELETE /api/v1/locks, own lock", 1, warmup, measure,
                    (t, i) -> beacon(b, "own-" + t, 0)));
            results.add(Load.run("jetcd grant+lock+unlock+revoke, one lock", contending, warmup, measure,
                    (t, i) -> jetcd(lock, lease, "/bench/locks/shared")));
            results.add(Load.run("Beacon POST+DELETE /api/v1/locks, one lock", contending, warmup, measure,
                    (t, i) -> beacon(b, "shared", 30_000)));
            System.out.println("CoordBench on " + Bench.machine() + ", " + measure.toSeconds() + " s per row after "
                    + warmup.toSeconds() + " s warm-up; ops = acquire + release");
            System.out.println(Load.HEADER);
            results.forEach(r -> System.out.println(r.row()));
            System.out.printf("ratio Beacon/jetcd: %.2f uncontended, %.2f with %d clients on one lock%n",
                    results.get(1).opsPerSecond() / results.get(0).opsPerSecond(),
                    results.get(3).opsPerSecond() / results.get(2).opsPerSecond(), contending);
        }
    }

    private static void jetcd(Lock lock, Lease lease, String name) throws Exception {
        long id = lease.grant(10).get(30, TimeUnit.SECONDS).getID();
        try {
            var held = lock.lock(Bytes.of(name), id).get(30, TimeUnit.SECONDS);
            lock.unlock(held.getKey()).get(30, TimeUnit.SECONDS);
        } finally {
            lease.revoke(id).get(30, TimeUnit.SECONDS);
        }
    }

    private static void beacon(Bench b, String name, long waitMs) throws Exception {
        String body = "{\"ttl\":10,\"waitMs\":" + waitMs + "}";
        String granted = b.send(b.request("/api/v1/locks/" + name).POST(HttpRequest.BodyPublishers.ofString(body)).build());
        long token = JSON.readTree(granted).get("token").asLong();
        b.send(b.request("/api/v1/locks/" + name + "?token=" + token).DELETE().build());
    }
}
