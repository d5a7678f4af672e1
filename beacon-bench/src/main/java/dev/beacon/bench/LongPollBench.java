package dev.beacon.bench;

import dev.beacon.core.launcher.EtcdCluster;
import dev.beacon.core.launcher.EtcdNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Config long-poll notify latency: N clients wait on {@code /api/v1/watch/config/{app}/{profile}}, one item
 * is published, and the time from the publish to each client's answer is recorded (p50/p99/max), with the
 * Beacon server's RSS while they wait. The server runs as its own process. Usage, from the repository root
 * after {@code mvn -q -DskipTests package}: {@code java -cp beacon-bench/target/beacon-bench-*-all.jar
 * dev.beacon.bench.LongPollBench [counts...]} (default 1000 10000).
 */
public final class LongPollBench {
    public static void main(String[] args) throws Exception {
        int[] counts = args.length == 0 ? new int[]{1000, 10000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        Path dir = Files.createTempDirectory("beacon-longpollbench-");
        try (EtcdCluster etcd = EtcdCluster.start(dir, 1)) {
            int port = EtcdNode.freePort();
            Process server = EventBench.startServer(etcd.endpointsCsv(), port, dir.resolve("server"));
            HttpClient http = HttpClient.newHttpClient();
            try {
                EventBench.awaitReady(port);
                long baseRss = EventBench.rssKb(server.pid());
                System.out.println("LongPollBench on " + Bench.machine() + "; server RSS idle " + baseRss / 1024 + " MB");
                System.out.println("| waiting clients | held when published | answered | notify p50 ms | p99 ms | max ms | server RSS while waiting MB |");
                System.out.println("|---|---|---|---|---|---|---|");
                round(http, port, server, 200, false); // warm-up, not reported
                for (int n : counts) {
                    round(http, port, server, n, true);
                }
            } finally {
                server.destroy();
                server.waitFor();
            }
        }
    }

    /** One round: n clients wait, one item is published, each answer's delay is recorded (and printed when reporting). */
    private static void round(HttpClient http, int port, Process server, int n, boolean report) throws Exception {
        String base = "http://127.0.0.1:" + port + "/api/v1/config/lp" + n + "/prod/";
        HttpResponse<String> seed = http.send(HttpRequest.newBuilder(URI.create(base + "seed"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":\"0\"}")).build(), HttpResponse.BodyHandlers.ofString());
        long revision = Long.parseLong(seed.headers().firstValue("X-Beacon-Revision").orElseThrow());
        String path = "/api/v1/watch/config/lp" + n + "/prod?revision=" + revision + "&timeout=60s";
        int baseline = subscribers(http, port);
        try (Waiters waiters = new Waiters(port, path, n)) {
            long until = System.nanoTime() + 60_000_000_000L;
            while (subscribers(http, port) < baseline + n && System.nanoTime() < until) {
                Thread.sleep(200);
            }
            long rss = EventBench.rssKb(server.pid());
            int held = subscribers(http, port) - baseline;
            long published = System.nanoTime();
            http.send(HttpRequest.newBuilder(URI.create(base + "flag"))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":\"on\"}")).build(), HttpResponse.BodyHandlers.discarding());
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (waiters.answered() < n && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long[] lat = waiters.latenciesAfter(published);
            Arrays.sort(lat);
            if (report) {
                System.out.printf("| %d | %d | %d | %.1f | %.1f | %.1f | %d |%n", n, held, lat.length,
                        lat.length == 0 ? 0 : lat[lat.length / 2] / 1e6,
                        lat.length == 0 ? 0 : lat[Math.max(0, (int) Math.ceil(lat.length * 0.99) - 1)] / 1e6,
                        lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6, rss / 1024);
            }
        }
    }

    /** Subscriptions on the server's root mirror, from /ready. */
    private static int subscribers(HttpClient http, int port) throws Exception {
        String ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        int at = ready.indexOf("\"subscribers\":");
        return Integer.parseInt(ready.substring(at + 14, ready.indexOf(',', at)).trim());
    }

    /** N long polls on one {@link SocketFleet}; records when each answer's first bytes arrive. */
    private static final class Waiters implements AutoCloseable {
        private final long[] arrived;
        private final SocketFleet fleet;
        private volatile int answered;

        Waiters(int port, String path, int n) throws IOException {
            arrived = new long[n];
            fleet = new SocketFleet("127.0.0.1", port, path, "", n, (i, bytes, length) -> {
                if (arrived[i] == 0 && length > 0) {
                    arrived[i] = System.nanoTime();
                    answered++;
                }
            });
        }

        int answered() {
            return answered;
        }

        long[] latenciesAfter(long publishedNanos) {
            return Arrays.stream(arrived).filter(t -> t > publishedNanos).map(t -> t - publishedNanos).toArray();
        }

        @Override
        public void close() throws IOException {
            fleet.close();
        }
    }
}
