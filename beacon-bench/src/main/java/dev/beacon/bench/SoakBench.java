package dev.beacon.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beacon.core.launcher.EtcdCluster;
import dev.beacon.core.launcher.EtcdNode;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A soak at a steady mixed load for N minutes (10 by default) against a Beacon server running as its own process
 * (the fat jar) on a single-node etcd: config writes (50/s, German and Chinese values) and reads, discovery reads,
 * 200 instances heartbeating every 3 s, a lock taken and released in turn by two clients, 50 SSE subscribers and
 * 20 long-polling clients of the written app/profile. Every 10 s it samples the server's RSS and GC pauses (from
 * {@code /metrics}). It reports errors (any answer that is not the contract's), whether every SSE subscriber and
 * every long poller saw every acknowledged write exactly once and in order, the RSS slope after the first two
 * minutes (least squares, MiB per minute) and GC pause totals. Not a throughput bench: the load is paced.
 * Usage, from the repository root after {@code mvn -q -DskipTests package}:
 * {@code java -cp beacon-bench/target/beacon-bench-*-all.jar dev.beacon.bench.SoakBench [minutes]}
 */
public final class SoakBench {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String APP = "/api/v1/config/soak/prod";
    private static final int WRITES_PER_SECOND = 50;
    private static final int INSTANCES = 200;
    private static final int SUBSCRIBERS = 50;
    private static final int POLLERS = 20;
    private static final int HEARTBEAT_THREADS = 4;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder requests = new LongAdder();
    /** Heartbeats answered 404: the instance's lease had expired (its heartbeats came too late). */
    private final LongAdder expired = new LongAdder();
    /** Revisions of acknowledged config writes. */
    private final Set<Long> acknowledged = new ConcurrentSkipListSet<>();
    /** Set when the load stops: subscribers and pollers read on until they have it. */
    private volatile long lastAcknowledged = Long.MAX_VALUE;
    private final List<Seen> subscribers = new ArrayList<>();
    private final List<Seen> pollers = new ArrayList<>();

    /** What one subscriber saw: the first revision it could see, then each revision in arrival order. */
    private static final class Seen {
        final long from;
        final List<Long> revisions = new ArrayList<>();
        volatile boolean ended;

        Seen(long from) {
            this.from = from;
        }

        synchronized void add(long revision) {
            revisions.add(revision);
        }

        synchronized List<Long> copy() {
            return new ArrayList<>(revisions);
        }
    }

    private SoakBench(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Files.createTempDirectory("beacon-soak-");
        try (EtcdCluster etcd = EtcdCluster.start(dir, 1)) {
            int port = EtcdNode.freePort();
            Process server = EventBench.startServer(etcd.endpointsCsv(), port, dir.resolve("server"));
            try {
                EventBench.awaitReady(port);
                new SoakBench(port).run(minutes, server.pid());
            } finally {
                server.destroy();
                server.waitFor();
            }
        }
    }

    private void run(int minutes, long pid) throws Exception {
        System.out.println("SoakBench on " + Bench.machine() + ", " + minutes + " min, started " + Instant.now());
        long start = send("PUT", APP + "/seed", "{\"value\":\"start\"}").get("modRevision").asLong();
        for (int i = 0; i < INSTANCES; i++) {
            register(i);
        }
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < SUBSCRIBERS; s++) {
            Seen seen = new Seen(start);
            subscribers.add(seen);
            threads.add(daemon("sse-" + s, () -> subscribe(seen)));
        }
        for (int p = 0; p < POLLERS; p++) {
            Seen seen = new Seen(start);
            pollers.add(seen);
            threads.add(daemon("poll-" + p, () -> poll(seen)));
        }
        List<Thread> load = new ArrayList<>();
        load.add(daemon("writer", this::write));
        for (int r = 0; r < 2; r++) {
            load.add(daemon("reader-" + r, this::read));
            int client = r;
            load.add(daemon("locker-" + r, () -> lock(client)));
        }
        for (int h = 0; h < HEARTBEAT_THREADS; h++) {
            int first = h;
            load.add(daemon("heartbeats-" + h, () -> heartbeat(first)));
        }

        System.out.println("| minute | requests | errors | server RSS MiB | GC pauses (count) | GC pause total ms | GC pause max ms |");
        System.out.println("|---|---|---|---|---|---|---|");
        List<double[]> rss = new ArrayList<>();
        long t0 = System.nanoTime();
        long end = t0 + Duration.ofMinutes(minutes).toNanos();
        int sample = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(10_000);
            sample++;
            double minute = (System.nanoTime() - t0) / 60e9;
            long rssKb = EventBench.rssKb(pid);
            rss.add(new double[]{minute, rssKb / 1024.0});
            if (sample % 6 == 0) {
                double[] gc = gc();
                System.out.printf("| %.1f | %d | %d | %d | %d | %.0f | %.0f |%n", minute, requests.sum(), errorCount(), rssKb / 1024,
                        (long) gc[0], gc[1] * 1000, gc[2] * 1000);
            }
        }
        running.set(false);
        for (Thread t : load) {
            t.join(30_000); // the writes in flight finish
        }
        lastAcknowledged = acknowledged.isEmpty() ? start : ((ConcurrentSkipListSet<Long>) acknowledged).last();
        for (Thread t : threads) {
            t.join(30_000); // subscribers and pollers stop once they have the last acknowledged write (or 30 s)
        }
        report(rss);
    }

    private void report(List<double[]> rss) throws Exception {
        double[] gc = gc();
        List<double[]> steady = rss.stream().filter(p -> p[0] >= 2).toList();
        System.out.printf("requests %d, errors %d %s; heartbeats that found their lease expired (then registered again): %d%n",
                requests.sum(), errorCount(), errors, expired.sum());
        System.out.printf("server RSS: first sample %.0f MiB, last %.0f MiB, slope after minute 2: %+.2f MiB/min (%d samples)%n",
                rss.get(0)[1], rss.get(rss.size() - 1)[1], slope(steady), steady.size());
        System.out.printf("GC: %d pauses, %.0f ms in total, longest %.0f ms (the last minute's max, from jvm_gc_pause_seconds)%n",
                (long) gc[0], gc[1] * 1000, gc[2] * 1000);
        List<Long> acked = new ArrayList<>(acknowledged);
        System.out.println("acknowledged config writes: " + acked.size());
        System.out.println("SSE subscribers complete and in order: " + complete("SSE subscriber", subscribers, acked) + " of " + subscribers.size());
        System.out.println("long pollers complete and in order: " + complete("long poller", pollers, acked) + " of " + pollers.size());
    }

    /**
     * How many of {@code seen} saw every acknowledged revision after their start exactly once, in order; the first
     * one that did not is described.
     */
    private static long complete(String what, List<Seen> seen, List<Long> acked) {
        long complete = 0;
        boolean described = false;
        for (Seen s : seen) {
            List<Long> got = s.copy();
            long disorder = 0;
            for (int i = 1; i < got.size(); i++) {
                if (got.get(i) <= got.get(i - 1)) {
                    disorder++;
                }
            }
            Set<Long> have = new java.util.HashSet<>(got);
            List<Long> missing = acked.stream().filter(r -> r > s.from && !have.contains(r)).toList();
            if (!s.ended && disorder == 0 && missing.isEmpty()) {
                complete++;
            } else if (!described) {
                described = true;
                System.out.println("  a " + what + " that is not: ended " + s.ended + ", " + got.size() + " events, " + disorder
                        + " out of order or repeated, " + missing.size() + " acknowledged writes missing"
                        + (missing.isEmpty() ? "" : " (first " + missing.get(0) + ", last " + missing.get(missing.size() - 1) + ")"));
            }
        }
        return complete;
    }

    private static double slope(List<double[]> points) {
        if (points.size() < 2) {
            return Double.NaN;
        }
        double n = points.size(), sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (double[] p : points) {
            sx += p[0];
            sy += p[1];
            sxx += p[0] * p[0];
            sxy += p[0] * p[1];
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    /** count, total seconds and max seconds of GC pauses, summed over the series of {@code jvm_gc_pause_seconds}. */
    private double[] gc() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        double count = 0, sum = 0, max = 0;
        for (String line : r.body().split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            double value = line.contains(" ") ? Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) : 0;
            if (line.startsWith("jvm_gc_pause_seconds_count")) {
                count += value;
            } else if (line.startsWith("jvm_gc_pause_seconds_sum")) {
                sum += value;
            } else if (line.startsWith("jvm_gc_pause_seconds_max")) {
                max = Math.max(max, value);
            }
        }
        return new double[]{count, sum, max};
    }

    private void write() {
        long n = 0;
        long next = System.nanoTime();
        while (running.get()) {
            n++;
            String value = (n % 2 == 0 ? "Grüße aus Köln " : "你好，世界 ") + n;
            JsonNode item = call("PUT", APP + "/k" + (n % 50), "{\"value\":\"" + value + "\"}", 200);
            if (item != null) {
                acknowledged.add(item.get("modRevision").asLong());
            }
            next += 1_000_000_000L / WRITES_PER_SECOND;
            pause(next);
        }
    }

    private void read() {
        long next = System.nanoTime();
        for (long n = 0; running.get(); n++) {
            call("GET", n % 2 == 0 ? APP : "/api/v1/services/soak", null, 200);
            next += 10_000_000L; // 100/s per reader
            pause(next);
        }
    }

    /**
     * Heartbeats for every {@link #HEARTBEAT_THREADS}-th instance from {@code first}, each instance every 3 s. An
     * instance whose lease expired meanwhile (404) is registered again, as the SDK does, and counted.
     */
    private void heartbeat(int first) {
        long next = System.nanoTime();
        for (long n = 0; running.get(); n++) {
            int i = (int) ((first + n * HEARTBEAT_THREADS) % INSTANCES);
            JsonNode beat = call("PUT", "/api/v1/services/soak/instances/i-" + i + "/heartbeat", null, 200, 404);
            if (beat != null && !beat.has("ttl")) {
                expired.increment();
                register(i);
            }
            next += 3_000_000_000L * HEARTBEAT_THREADS / INSTANCES;
            pause(next);
        }
    }

    private void register(int i) {
        call("PUT", "/api/v1/services/soak/instances/i-" + i, "{\"address\":\"10.0.0." + (i % 250) + "\",\"port\":" + (8000 + i) + ",\"ttl\":10}", 200);
    }

    private void lock(int client) {
        while (running.get()) {
            JsonNode held = call("POST", "/api/v1/locks/soak", "{\"ttl\":10,\"waitMs\":5000,\"owner\":\"client-" + client + "\"}", 200, 409);
            if (held != null && held.has("token")) {
                pause(System.nanoTime() + 50_000_000L);
                call("DELETE", "/api/v1/locks/soak?token=" + held.get("token").asLong(), null, 200);
            }
        }
    }

    private void subscribe(Seen seen) {
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events/config/soak/prod?afterRevision=" + seen.from))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                String type = "message";
                long newest = seen.from;
                while (newest < lastAcknowledged && (line = lines.readLine()) != null) {
                    if (line.startsWith("event:")) {
                        type = line.substring(6).trim();
                    } else if (line.startsWith("data:") && (type.equals("put") || type.equals("delete"))) {
                        newest = MAPPER.readTree(line.substring(5)).get("modRevision").asLong();
                        seen.add(newest);
                    } else if (line.startsWith("data:") && (type.equals("resync") || type.equals("error"))) {
                        seen.ended = true;
                        error("SSE " + type);
                        return;
                    } else if (line.isEmpty()) {
                        type = "message";
                    }
                }
            }
        } catch (Exception e) {
            if (running.get()) {
                seen.ended = true;
                error("SSE " + e.getClass().getSimpleName());
            }
        }
    }

    private void poll(Seen seen) {
        long after = seen.from;
        while (after < lastAcknowledged) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/watch/config/soak/prod?timeout=5s&afterRevision=" + after))
                        .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
                requests.increment();
                if (r.statusCode() == 200) {
                    JsonNode body = MAPPER.readTree(r.body());
                    body.get("changes").forEach(c -> seen.add(c.get("modRevision").asLong()));
                    after = body.get("revision").asLong();
                } else if (r.statusCode() != 304) {
                    error("long poll " + r.statusCode());
                }
            } catch (Exception e) {
                error("long poll " + e.getClass().getSimpleName());
            }
        }
    }

    /** Sends a request; returns its JSON body when the status is one of {@code expected}, else counts an error and returns null. */
    private JsonNode call(String method, String path, String body, int... expected) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            requests.increment();
            for (int e : expected) {
                if (r.statusCode() == e) {
                    return r.body().isEmpty() ? MAPPER.createObjectNode() : MAPPER.readTree(r.body());
                }
            }
            error(method + " " + path.replaceAll("[0-9]+", "N") + " " + r.statusCode());
        } catch (Exception e) {
            error(method + " " + path.replaceAll("[0-9]+", "N") + " " + e.getClass().getSimpleName());
        }
        return null;
    }

    private JsonNode send(String method, String path, String body) {
        JsonNode r = call(method, path, body, 200);
        if (r == null) {
            throw new IllegalStateException(method + " " + path + " failed: " + errors);
        }
        return r;
    }

    private void error(String what) {
        errors.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    private long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, "soak-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void pause(long untilNanos) {
        long wait = untilNanos - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
