package dev.beacon.bench;

import dev.beacon.client.BeaconClient;
import dev.beacon.client.ConfigView;
import dev.beacon.core.launcher.EtcdCluster;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.ServerSocket;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The SDK's own cost and its delivery latency. Usage: {@code SdkBench [views=1000] [changes=200]}.
 *
 * <p>The Beacon server runs as its own process (this JVM's classpath, {@code dev.beacon.server.Main}) on a
 * single-node etcd, so this JVM holds only the SDK: (1) one {@link BeaconClient} opens {@code views} config views of
 * distinct app/profiles; the table shows the client's threads and the heap after a full GC, against the JVM before
 * the client existed, and how many WebSocket connections carry the views; (2) with those views open, {@code changes}
 * writes of one item (value = the writer's {@code System.nanoTime()}, one write after the previous one was seen by
 * both readers) measure change → listener latency through the SDK, against a raw SSE reader of the same
 * app/profile ({@code /api/v1/events/config/...}, JDK HttpClient, lines parsed by hand) in the same JVM.
 */
public final class SdkBench {
    public static void main(String[] args) throws Exception {
        int views = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int changes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path dir = Files.createTempDirectory("beacon-sdk-bench-");
        try (EtcdCluster etcd = EtcdCluster.start(dir.resolve("etcd"), 1)) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String url = "http://127.0.0.1:" + port;
            Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "dev.beacon.server.Main", "--etcd", etcd.endpointsCsv(),
                    "--port", Integer.toString(port), "--data-dir", dir.resolve("server").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
            try {
                waitForHealth(url);
                run(url, views, changes);
            } finally {
                server.destroy();
                server.waitFor();
            }
        }
    }

    private static void run(String url, int views, int changes) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        var threadsBean = ManagementFactory.getThreadMXBean();
        long heapBefore = usedHeapAfterGc(memory);
        int threadsBefore = threadsBean.getThreadCount();
        long t0 = System.nanoTime();
        try (BeaconClient client = BeaconClient.builder().servers(url).build()) {
            List<ConfigView> opened = new ArrayList<>();
            for (int i = 0; i < views; i++) {
                opened.add(client.config("bench", "p" + i));
            }
            long openMs = (System.nanoTime() - t0) / 1_000_000;
            int expected = (views + 99) / 100;
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (client.connections() < expected && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            long heapAfter = usedHeapAfterGc(memory);
            int threadsAfter = threadsBean.getThreadCount();
            List<String> sdkThreads = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(n -> n.startsWith("beacon-client") || n.startsWith("HttpClient")).sorted().toList();
            System.out.println("Machine: " + Bench.machine());
            System.out.println();
            System.out.println("| views | open all (ms) | WebSocket connections | SDK threads | JVM threads before → after | SDK heap after GC | per view |");
            System.out.println("|---|---|---|---|---|---|---|");
            System.out.printf("| %,d | %,d | %d | %d | %d → %d | %.1f MB | %.1f KB |%n", views, openMs, client.connections(), sdkThreads.size(),
                    threadsBefore, threadsAfter, (heapAfter - heapBefore) / 1e6, (heapAfter - heapBefore) / 1e3 / views);
            System.out.println();
            System.out.println("SDK threads: " + String.join(", ", sdkThreads));

            ConfigView target = client.config("bench", "latency");
            long[] sdk = new long[changes];
            long[] raw = new long[changes];
            AtomicInteger sdkSeen = new AtomicInteger();
            target.onChange(e -> {
                int n = sdkSeen.get();
                if (n < changes) {
                    sdk[n] = System.nanoTime() - Long.parseLong(e.newValue());
                }
                sdkSeen.incrementAndGet();
            });
            AtomicInteger rawSeen = new AtomicInteger();
            AtomicLong rawOpen = new AtomicLong();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            CompletableFuture<HttpResponse<Stream<String>>> stream = http.sendAsync(HttpRequest.newBuilder(URI.create(url
                    + "/api/v1/events/config/bench/latency")).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
            Thread reader = new Thread(() -> {
              try {
                stream.join().body().forEach(line -> {
                if (line.startsWith("retry:") || line.startsWith(":")) {
                    rawOpen.set(1);
                }
                int at = line.indexOf("\"value\":\"");
                if (line.startsWith("data:") && at >= 0) {
                    long sent = Long.parseLong(line.substring(at + 9, line.indexOf('"', at + 9)));
                    int n = rawSeen.get();
                    if (n < changes) {
                        raw[n] = System.nanoTime() - sent;
                    }
                    rawSeen.incrementAndGet();
                }
                });
              } catch (java.io.UncheckedIOException closedAtTheEnd) {
                // the bench closed the stream
              }
            }, "raw-sse-reader");
            reader.setDaemon(true);
            reader.start();
            stream.join();
            HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(url + "/api/v1/config/bench/latency/t")).header("Content-Type", "application/json");
            Thread.sleep(500); // both readers subscribed
            for (int i = 0; i < changes; i++) {
                String body = "{\"value\":\"" + System.nanoTime() + "\"}";
                http.send(put.PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while ((sdkSeen.get() <= i || rawSeen.get() <= i) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            }
            System.out.println();
            System.out.println("| change → reader (" + changes + " changes, " + views + " other views open) | p50 ms | p99 ms | max ms | received |");
            System.out.println("|---|---|---|---|---|");
            row("SDK ConfigView listener (shared WebSocket)", sdk, sdkSeen.get());
            row("raw SSE reader (/api/v1/events/config/...)", raw, rawSeen.get());
            stream.join().body().close();
        }
    }

    private static void row(String name, long[] nanos, int received) {
        long[] sorted = Arrays.copyOf(nanos, Math.min(received, nanos.length));
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            System.out.printf("| %s | - | - | - | 0 |%n", name);
            return;
        }
        System.out.printf("| %s | %.2f | %.2f | %.2f | %d |%n", name, pct(sorted, 0.50) / 1e6, pct(sorted, 0.99) / 1e6,
                sorted[sorted.length - 1] / 1e6, received);
    }

    private static long pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static void waitForHealth(String url) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url + "/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the Beacon server did not become ready at " + url);
    }

    private SdkBench() {
    }

}
