package dev.beacon.bench;

import dev.beacon.core.etcd.Bytes;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.EtcdSettings;
import dev.beacon.core.launcher.EtcdCluster;
import dev.beacon.core.launcher.EtcdNode;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publish→delivered latency of change events with 1, 100, 1,000 and 10,000 SSE subscribers on one Beacon
 * server, against the same number of raw jetcd watchers (one watch each), and the server's resident
 * memory per 1,000 subscribers. The server runs as its own process (the fat jar) so that its RSS is its
 * own. Usage, from the repository root after {@code mvn -q -DskipTests package}:
 * {@code java -cp beacon-bench/target/beacon-bench-*-all.jar dev.beacon.bench.EventBench [counts...]}
 */
public final class EventBench {
    private static final int MESSAGES = 20;
    private static final Duration GAP = Duration.ofMillis(250);

    public static void main(String[] args) throws Exception {
        int[] counts = args.length == 0 ? new int[]{1, 100, 1000, 10000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        Path dir = Files.createTempDirectory("beacon-eventbench-");
        try (EtcdCluster etcd = EtcdCluster.start(dir, 1);
             EtcdConnection raw = EtcdConnection.open(EtcdSettings.of(etcd.endpoints()))) {
            int port = EtcdNode.freePort();
            Process server = startServer(etcd.endpointsCsv(), port, dir.resolve("server"));
            try {
                awaitReady(port);
                long baseRss = rssKb(server.pid());
                System.out.println("EventBench on " + Bench.machine() + "; " + MESSAGES + " changes per row, "
                        + GAP.toMillis() + " ms apart; server RSS with no subscriber: " + baseRss / 1024 + " MB");
                sseRow(raw, port, 100, server.pid(), baseRss); // warm-up, not reported
                watcherRow(raw, 100);
                System.out.println("| subscribers | Beacon SSE p50 ms | p99 ms | max ms | delivered | server RSS MB | RSS per 1,000 subscribers MB | jetcd watchers p50 ms | p99 ms | max ms | delivered |");
                System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
                for (int n : counts) {
                    String sse = sseRow(raw, port, n, server.pid(), baseRss);
                    String watchers = watcherRow(raw, n);
                    System.out.println("| " + n + " | " + sse + " | " + watchers + " |");
                }
            } finally {
                server.destroy();
                server.waitFor();
            }
        }
    }

    private static String sseRow(EtcdConnection raw, int port, int n, long pid, long baseRss) throws Exception {
        String prefix = "bench-events/sse" + n + "/";
        try (SseClients clients = new SseClients("127.0.0.1", port, "/api/v1/events?prefix=" + prefix, n)) {
            waitFor(() -> clients.opened() == n, Duration.ofSeconds(120));
            Thread.sleep(500);
            long rss = rssKb(pid);
            publish(raw, prefix);
            long expected = (long) n * MESSAGES;
            waitFor(() -> clients.delivered() >= expected, Duration.ofSeconds(60));
            long[] lat = clients.latencies();
            double perThousand = (rss - baseRss) / 1024.0 / Math.max(1, n / 1000.0);
            return stats(lat) + " | " + clients.delivered() + "/" + expected + " | " + rss / 1024 + " | "
                    + (n >= 1000 ? String.format("%.1f", perThousand) : "–");
        }
    }

    private static String watcherRow(EtcdConnection raw, int n) throws Exception {
        String prefix = "bench-events/raw" + n + "/";
        List<Watch.Watcher> watchers = new ArrayList<>();
        long[][] lat = new long[n][MESSAGES];
        int[] counts = new int[n];
        AtomicLong delivered = new AtomicLong();
        try {
            for (int i = 0; i < n; i++) {
                int w = i;
                watchers.add(raw.client().getWatchClient().watch(Bytes.of(prefix),
                        WatchOption.builder().isPrefix(true).build(), response -> response.getEvents().forEach(e -> {
                            long sent = Long.parseLong(Bytes.str(e.getKeyValue().getValue()));
                            synchronized (lat[w]) {
                                if (counts[w] < MESSAGES) {
                                    lat[w][counts[w]++] = (System.nanoTime() - sent) / 1000;
                                }
                            }
                            delivered.incrementAndGet();
                        })));
            }
            Thread.sleep(Math.min(10_000, 200 + n));
            publish(raw, prefix);
            long expected = (long) n * MESSAGES;
            waitFor(() -> delivered.get() >= expected, Duration.ofSeconds(60));
            long[] all = Arrays.stream(lat).flatMapToLong(Arrays::stream).filter(v -> v > 0).toArray();
            return stats(all) + " | " + delivered.get() + "/" + expected;
        } catch (RuntimeException | OutOfMemoryError e) {
            return "failed: " + e + " | –";
        } finally {
            watchers.forEach(Watch.Watcher::close);
        }
    }

    private static void publish(EtcdConnection raw, String prefix) throws InterruptedException {
        for (int i = 0; i < MESSAGES; i++) {
            raw.await("publish", () -> raw.client().getKVClient().put(Bytes.of(prefix + "k"), Bytes.of(Long.toString(System.nanoTime()))));
            Thread.sleep(GAP.toMillis());
        }
    }

    private static String stats(long[] us) {
        if (us.length == 0) {
            return "– | – | –";
        }
        Arrays.sort(us);
        return String.format("%.1f | %.1f | %.1f", us[us.length / 2] / 1000.0,
                us[Math.min(us.length - 1, (int) Math.ceil(us.length * 0.99) - 1)] / 1000.0, us[us.length - 1] / 1000.0);
    }

    static Process startServer(String etcd, int port, Path dataDir) throws Exception {
        String given = System.getProperty("bench.serverJar", "").trim(); // e.g. the server before a change
        File jar = !given.isEmpty() ? new File(given)
                : Arrays.stream(new File("beacon-server/target").listFiles((d, name) -> name.matches("beacon-server-.*-all\\.jar")))
                .findFirst().orElseThrow(() -> new IllegalStateException("build first: mvn -q -DskipTests package"));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java));
        String jvm = System.getProperty("bench.serverJvm", "").trim(); // e.g. -Dbench.serverJvm="-Xmx256m"
        if (!jvm.isEmpty()) {
            cmd.addAll(List.of(jvm.split("\\s+")));
        }
        cmd.addAll(List.of("-jar", jar.getPath(), "--etcd", etcd, "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dataDir.getParent().resolve("server.log").toFile()).start();
    }

    static void awaitReady(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        waitFor(() -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofSeconds(60));
    }

    static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
