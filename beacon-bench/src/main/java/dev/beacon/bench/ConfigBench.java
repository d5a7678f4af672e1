package dev.beacon.bench;

import dev.beacon.core.etcd.Bytes;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration center against raw etcd at the same concurrency: reading an app/profile of 10 items
 * (~1 KB in all) — Beacon answers from its mirror, jetcd does a linearizable prefix range read — and
 * publishing one item — Beacon's {@code PUT} (a txn of value + metadata, then the history record written
 * after the fact) against a raw jetcd txn put of one key. Usage: {@code ConfigBench [concurrency] [seconds]}
 * (defaults 64, 10; warm-up 3 s, or the row length when shorter).
 */
public final class ConfigBench {
    public static void main(String[] args) throws Exception {
        int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        Duration measure = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        Duration warmup = measure.compareTo(Duration.ofSeconds(3)) < 0 ? measure : Duration.ofSeconds(3);
        try (Bench b = Bench.start()) {
            KV kv = b.raw.client().getKVClient();
            StringBuilder items = new StringBuilder("{\"items\":{");
            for (int i = 0; i < 10; i++) {
                items.append(i == 0 ? "" : ",").append("\"service.setting").append(i).append("\":\"").append("v".repeat(90)).append('"');
            }
            b.send(b.request("/api/v1/config/bench/prod").PUT(HttpRequest.BodyPublishers.ofString(items + "}}")).build());
            String value = "x".repeat(100);
            GetOption prefix = GetOption.builder().isPrefix(true).build();
            List<Load.Result> results = new ArrayList<>();
            results.add(Load.run("jetcd prefix get (10 items)", concurrency, warmup, measure,
                    (t, i) -> kv.get(Bytes.of("/beacon/config/bench/prod/"), prefix).get()));
            results.add(Load.run("Beacon GET /api/v1/config/{app}/{profile}", concurrency, warmup, measure,
                    (t, i) -> b.send(b.request("/api/v1/config/bench/prod").GET().build())));
            results.add(Load.run("Beacon GET ...?format=properties", concurrency, warmup, measure,
                    (t, i) -> b.send(b.request("/api/v1/config/bench/prod?format=properties").GET().build())));
            results.add(Load.run("jetcd txn put", concurrency, warmup, measure,
                    (t, i) -> kv.txn().Then(Op.put(Bytes.of("/bench/raw/k" + t + "-" + (i % 100)), Bytes.of(value), PutOption.DEFAULT))
                            .commit().get()));
            results.add(Load.run("Beacon PUT /api/v1/config/{app}/{profile}/{key}", concurrency, warmup, measure,
                    (t, i) -> b.send(b.request("/api/v1/config/bench/publish/k" + t + "-" + (i % 100))
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":\"" + value + "\"}")).build())));
            System.out.println("ConfigBench on " + Bench.machine() + ", " + measure.toSeconds() + " s per row after "
                    + warmup.toSeconds() + " s warm-up");
            System.out.println(Load.HEADER);
            results.forEach(r -> System.out.println(r.row()));
            System.out.printf("read ratio Beacon/jetcd: %.2f (JSON), %.2f (properties); publish ratio Beacon/jetcd txn: %.2f%n",
                    results.get(1).opsPerSecond() / results.get(0).opsPerSecond(),
                    results.get(2).opsPerSecond() / results.get(0).opsPerSecond(),
                    results.get(4).opsPerSecond() / results.get(3).opsPerSecond());
        }
    }
}
