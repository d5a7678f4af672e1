package dev.beacon.it.registry;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server that health checks probe: every path answers 200 unless told otherwise, and every
 * probe is recorded with the Beacon server that sent it ({@code X-Beacon-Checker}).
 */
final class ProbeTarget implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, List<String>> probes = new ConcurrentHashMap<>();
    private final Map<String, Integer> status = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

    private ProbeTarget(HttpServer server) {
        this.server = server;
    }

    static ProbeTarget start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            ProbeTarget t = new ProbeTarget(s);
            s.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                String checker = exchange.getRequestHeaders().getFirst("X-Beacon-Checker");
                t.probes.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(checker == null ? "?" : checker);
                AtomicInteger fail = t.failures.get(path);
                int code = fail != null && fail.getAndDecrement() > 0 ? 500 : t.status.getOrDefault(path, 200);
                exchange.sendResponseHeaders(code, -1);
                exchange.close();
            });
            s.setExecutor(Executors.newFixedThreadPool(4));
            s.start();
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Every later probe of {@code path} answers {@code code}. */
    void respond(String path, int code) {
        status.put(path, code);
    }

    /** The next {@code n} probes of {@code path} answer 500, then it answers as before. */
    void failNext(String path, int n) {
        failures.put(path, new AtomicInteger(n));
    }

    int count(String path) {
        return probes.getOrDefault(path, List.of()).size();
    }

    /** The Beacon servers that probed {@code path} since the last {@link #reset}. */
    Set<String> checkers(String path) {
        return Set.copyOf(probes.getOrDefault(path, List.of()));
    }

    void reset() {
        probes.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
