package dev.beacon.bench;

import dev.beacon.core.etcd.Bytes;
import io.etcd.jetcd.KV;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw-key reads and {@code POST /set} through Beacon, against the same operations done directly with
 * jetcd at the same concurrency. Usage: {@code KvBench [concurrency] [seconds]} (defaults 64, 10).
 */
public final class KvBench {
    public static void main(String[] args) throws Exception {
        int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        Duration measure = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        Duration warmup = Duration.ofSeconds(3);
        try (Bench b = Bench.start()) {
            KV kv = b.raw.client().getKVClient();
            String value = "x".repeat(100);
            for (int i = 0; i < 1000; i++) {
                kv.put(Bytes.of("bench/k" + i), Bytes.of(value)).get();
            }
            List<Load.Result> results = new ArrayList<>();
            results.add(Load.run("jetcd get", concurrency, warmup, measure,
                    (t, i) -> kv.get(Bytes.of("bench/k" + (i % 1000))).get()));
            results.add(Load.run("Beacon GET /config/{key}", concurrency, warmup, measure,
                    (t, i) -> b.send(b.request("/config/bench/k" + (i % 1000)).GET().build())));
            results.add(Load.run("Beacon GET /api/v1/kv/{key}", concurrency, warmup, measure,
                    (t, i) -> b.send(b.request("/api/v1/kv/bench/k" + (i % 1000)).GET().build())));
            results.add(Load.run("jetcd put", concurrency, warmup, measure,
                    (t, i) -> kv.put(Bytes.of("bench/w" + t + "-" + (i % 100)), Bytes.of(value)).get()));
            results.add(Load.run("Beacon POST /set", concurrency, warmup, measure,
                    (t, i) -> b.send(b.request("/set").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"key\":\"bench/s" + t + "-" + (i % 100) + "\",\"value\":\"" + value + "\"}")).build())));
            System.out.println("KvBench on " + Bench.machine() + ", " + measure.toSeconds() + " s per row after " + warmup.toSeconds() + " s warm-up");
            System.out.println(Load.HEADER);
            results.forEach(r -> System.out.println(r.row()));
            System.out.printf("read ratio Beacon/jetcd: %.2f (GET /config), %.2f (GET /api/v1/kv); write ratio: %.2f%n",
                    results.get(1).opsPerSecond() / results.get(0).opsPerSecond(),
                    results.get(2).opsPerSecond() / results.get(0).opsPerSecond(),
                    results.get(4).opsPerSecond() / results.get(3).opsPerSecond());
        }
    }
}
