package dev.beacon.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load generator: {@code concurrency} threads each run {@code op} back to back for a
 * warm-up, then for the measured duration, recording every latency. Errors are counted, not hidden.
 */
public final class Load {
    /** One operation; {@code i} is a per-thread sequence number, handy for distinct keys. */
    @FunctionalInterface
    public interface Op {
        void run(int thread, long i) throws Exception;
    }

    /** The outcome of one run. Latencies in microseconds. */
    public record Result(String name, int concurrency, long ops, long errors, double seconds,
                         long p50us, long p99us, long maxUs) {
        public double opsPerSecond() {
            return ops / seconds;
        }

        public String row() {
            return String.format("| %s | %d | %,.0f | %.2f | %.2f | %.2f | %d |", name, concurrency, opsPerSecond(),
                    p50us / 1000.0, p99us / 1000.0, maxUs / 1000.0, errors);
        }
    }

    public static final String HEADER = "| operation | concurrency | ops/s | p50 ms | p99 ms | max ms | errors |\n|---|---|---|---|---|---|---|";

    private Load() {
    }

    public static Result run(String name, int concurrency, Duration warmup, Duration measure, Op op) throws InterruptedException {
        phase(concurrency, warmup, op, null);
        List<long[]> samples = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long ops = phase(concurrency, measure, op, (lat, err) -> {
            synchronized (samples) {
                samples.add(lat);
            }
            errors.addAndGet(err);
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = samples.stream().flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        return new Result(name, concurrency, ops, errors.get(), seconds, pct(all, 0.50), pct(all, 0.99),
                all.length == 0 ? 0 : all[all.length - 1]);
    }

    private interface Sink {
        void accept(long[] latencies, long errors);
    }

    private static long phase(int concurrency, Duration length, Op op, Sink sink) throws InterruptedException {
        long deadline = System.nanoTime() + length.toNanos();
        CountDownLatch done = new CountDownLatch(concurrency);
        AtomicLong total = new AtomicLong();
        for (int t = 0; t < concurrency; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                long errors = 0;
                long i = 0;
                try {
                    while (System.nanoTime() < deadline) {
                        long s = System.nanoTime();
                        try {
                            op.run(thread, i++);
                        } catch (Exception e) {
                            errors++;
                        }
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = (System.nanoTime() - s) / 1000;
                    }
                } finally {
                    total.addAndGet(n);
                    if (sink != null) {
                        sink.accept(Arrays.copyOf(lat, n), errors);
                    }
                    done.countDown();
                }
            }, "load-" + t);
            worker.setDaemon(true);
            worker.start();
        }
        done.await();
        return total.get();
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
