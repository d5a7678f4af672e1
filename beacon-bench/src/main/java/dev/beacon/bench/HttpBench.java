package dev.beacon.bench;

import dev.beacon.core.etcd.Bytes;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.EtcdSettings;
import dev.beacon.core.launcher.EtcdCluster;
import dev.beacon.core.launcher.EtcdNode;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request/response throughput of a Beacon server measured with wrk (a C load generator: the Java one of the
 * other benches takes most of the 2 cores and understates the server), beside raw etcd references measured with
 * jetcd, in one run. Beacon runs as its own process (the fat jar) on a single-node etcd; each wrk row runs
 * after a warm-up of the same load. Prints one markdown table with every row's ratio to its reference.
 *
 * <p>Usage, from the repository root after {@code mvn -q -DskipTests package} (wrk on the PATH):
 * {@code java -cp beacon-bench/target/beacon-bench-*-all.jar dev.beacon.bench.HttpBench [WARMUP_S] [SECONDS]}
 * (defaults 8 and 15). {@code -Dbench.serverJar=...} runs another server build (e.g. the one before a change).
 */
public final class HttpBench {
    private static final String INSTANCE = "{\"address\":\"10.1.2.3\",\"port\":8080,\"tags\":[\"bench\"],\"ttl\":%d}";
    private static final int INSTANCES = 1000;

    private record Wrk(double rps, double p50ms, double p99ms, long errors) {
        String cells() {
            return String.format(Locale.ROOT, "%,.0f | %.2f | %.2f | %d", rps, p50ms, p99ms, errors);
        }
    }

    private static int warmup;
    private static int seconds;
    private static Path scripts;

    public static void main(String[] args) throws Exception {
        warmup = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Path dir = Files.createTempDirectory("beacon-httpbench-");
        scripts = Files.createDirectories(dir.resolve("lua"));
        try (EtcdCluster etcd = EtcdCluster.start(dir, 1);
             EtcdConnection raw = EtcdConnection.open(EtcdSettings.of(etcd.endpoints()))) {
            int port = EtcdNode.freePort();
            Process server = EventBench.startServer(etcd.endpointsCsv(), port, dir.resolve("server"));
            try {
                EventBench.awaitReady(port);
                run(raw, "http://127.0.0.1:" + port);
            } finally {
                server.destroy();
                server.waitFor();
            }
        }
    }

    private static void run(EtcdConnection raw, String base) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        KV kv = raw.client().getKVClient();
        Lease lease = raw.client().getLeaseClient();
        // data: an app/profile of 10 items (~1 KB), 1,000 instances of one service, the same keys raw in etcd
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            String value = "value-" + i + "-" + "x".repeat(60);
            items.append(i == 0 ? "" : ",").append("\"item.key").append(i).append("\":\"").append(value).append('"');
            kv.put(Bytes.of("/raw/config/bench/prod/item.key" + i), Bytes.of(value)).get();
        }
        send(http, "PUT", base + "/api/v1/config/bench/prod", "{\"items\":{" + items + "}}");
        for (int i = 0; i < INSTANCES; i++) {
            send(http, "PUT", base + "/api/v1/services/big/instances/i-" + i, String.format(INSTANCE, 300));
            kv.put(Bytes.of("/raw/services/big/i-" + i), Bytes.of(String.format(INSTANCE, 300))).get();
        }
        long discoveryBytes = send(http, "GET", base + "/api/v1/services/big", null).length();

        List<String> rows = new ArrayList<>();
        Measured ping = wrk("ping", base + "/ping", null, 2, 64);
        Measured configJson = wrk("config", base + "/api/v1/config/bench/prod", null, 2, 64);
        Measured configProps = wrk("props", base + "/api/v1/config/bench/prod?format=properties", null, 2, 64);
        Measured scc = wrk("scc", base + "/scc/bench/prod", null, 2, 64);
        GetOption prefix = GetOption.builder().isPrefix(true).build();
        Load.Result rawConfig = Load.run("jetcd prefix get", 64, Duration.ofSeconds(3), Duration.ofSeconds(seconds / 2 + 1),
                (t, i) -> kv.get(Bytes.of("/raw/config/bench/prod/"), prefix).get());
        rows.add(row("`GET /ping`", ping, "–", Double.NaN));
        rows.add(row("config app/profile of 10 items, JSON", configJson, "`/ping` " + fmt(ping.rps()) + " req/s; jetcd prefix get " + fmt(rawConfig.opsPerSecond()) + "/s",
                configJson.rps() / ping.rps()));
        rows.add(row("config app/profile, `?format=properties`", configProps, "`/ping`", configProps.rps() / ping.rps()));
        rows.add(row("config app/profile, `/scc/bench/prod`", scc, "`/ping`", scc.rps() / ping.rps()));

        Measured heartbeat = wrk("heartbeat", base, """
                local n = 0
                request = function()
                  n = n + 1
                  local id = (n * 7919 + tid * 104729) % COUNT
                  return wrk.format("PUT", "/api/v1/services/big/instances/i-" .. id .. "/heartbeat", nil, "")
                end
                """.replace("COUNT", Integer.toString(INSTANCES)), 2, 64);
        long[] rawLeases = new long[64];
        for (int t = 0; t < rawLeases.length; t++) {
            rawLeases[t] = lease.grant(300).get().getID();
        }
        Load.Result rawKeepAlive = Load.run("jetcd keepAliveOnce", 64, Duration.ofSeconds(3), Duration.ofSeconds(seconds / 2 + 1),
                (t, i) -> lease.keepAliveOnce(rawLeases[t]).get());
        rows.add(row("heartbeat, 1,000 instances (own lease each)", heartbeat, "jetcd keepAliveOnce " + fmt(rawKeepAlive.opsPerSecond()) + "/s",
                heartbeat.rps() / rawKeepAlive.opsPerSecond()));

        Measured discovery = wrk("discovery", base + "/api/v1/services/big", null, 2, 64);
        Measured discoveryGz = wrk("discovery-gz", base, """
                request = function()
                  return wrk.format("GET", "/api/v1/services/big", {["Accept-Encoding"] = "gzip"}, nil)
                end
                """, 2, 64);
        Load.Result rawRange = Load.run("jetcd range read (1,000 keys)", 64, Duration.ofSeconds(3), Duration.ofSeconds(seconds / 2 + 1),
                (t, i) -> kv.get(Bytes.of("/raw/services/big/"), prefix).get());
        rows.add(row("discovery of 1,000 instances (" + discoveryBytes / 1024 + " KB)", discovery,
                "jetcd range read of the 1,000 keys " + fmt(rawRange.opsPerSecond()) + "/s", discovery.rps() / rawRange.opsPerSecond()));
        rows.add(row("the same, `Accept-Encoding: gzip`", discoveryGz, "jetcd range read", discoveryGz.rps() / rawRange.opsPerSecond()));

        String register = """
                local n = 0
                request = function()
                  n = n + 1
                  return wrk.format("PUT", "/api/v1/services/reg/instances/RUN-" .. tid .. "-" .. n,
                    {["Content-Type"] = "application/json"}, 'BODY')
                end
                """;
        String body = String.format(INSTANCE, 120);
        Measured regSeq = wrk("reg-seq", base, register.replace("RUN", "s" + System.nanoTime()).replace("BODY", body), 1, 1);
        Measured regPar = wrk("reg-par", base, register.replace("RUN", "p" + System.nanoTime()).replace("BODY", body), 2, 64);
        Load.Result rawRegister = Load.run("jetcd grant + put", 64, Duration.ofSeconds(3), Duration.ofSeconds(seconds / 2 + 1), (t, i) -> {
            long id = lease.grant(120).get().getID();
            kv.put(Bytes.of("/raw/services/reg/r-" + t + "-" + i), Bytes.of(body), PutOption.builder().withLeaseId(id).build()).get();
        });
        rows.add(row("registration, new ids, one connection", regSeq, "–", Double.NaN));
        rows.add(row("registration, new ids, 64 in flight", regPar, "jetcd grant + put " + fmt(rawRegister.opsPerSecond()) + "/s",
                regPar.rps() / rawRegister.opsPerSecond()));

        System.out.println("HttpBench on " + Bench.machine() + "; wrk, " + warmup + " s warm-up then " + seconds
                + " s per row; jetcd references with the bench's Java load generator (64 threads)");
        System.out.println("| workload | wrk threads × connections | Beacon req/s | p50 ms | p99 ms | errors | reference (same run) | ratio |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static String row(String name, Measured w, String reference, double ratio) {
        return "| " + name + " | " + w.threads + " | " + w.result.cells() + " | " + reference + " | "
                + (Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.2f", ratio)) + " |";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    /** wrk -tT -cC with an optional Lua script (it gets {@code tid}, the thread's number); warm-up first. */
    private static Measured wrk(String name, String url, String lua, int threads, int connections) throws Exception {
        Path script = null;
        if (lua != null) {
            script = scripts.resolve(name + ".lua");
            Files.writeString(script, """
                    local threads = 0
                    function setup(thread)
                      threads = threads + 1
                      thread:set("tid", threads)
                    end
                    """ + lua, StandardCharsets.UTF_8);
        }
        runWrk(url, script, threads, connections, warmup);
        Wrk w = parse(runWrk(url, script, threads, connections, seconds));
        return new Measured(w, threads + " × " + connections);
    }

    private record Measured(Wrk result, String threads) {
        double rps() {
            return result.rps;
        }
    }

    private static String runWrk(String url, Path script, int threads, int connections, int duration) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + duration + "s", "--latency"));
        if (script != null) {
            cmd.addAll(List.of("-s", script.toString()));
        }
        cmd.add(url);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("wrk failed: " + out);
        }
        return out;
    }

    static Wrk parse(String out) {
        double rps = number(out, "Requests/sec:\\s+([0-9.]+)");
        Matcher m50 = Pattern.compile("\\s50%\\s+([0-9.]+)(us|ms|s)").matcher(out);
        Matcher m99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)").matcher(out);
        double p50 = m50.find() ? ms(m50) : Double.NaN;
        double p99 = m99.find() ? ms(m99) : Double.NaN;
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)").matcher(out);
        Matcher socket = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(out);
        long errors = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        return new Wrk(rps, p50, p99, errors);
    }

    private static double ms(Matcher m) {
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static String send(HttpClient http, String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + url + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
