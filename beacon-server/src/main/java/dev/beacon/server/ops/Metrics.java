package dev.beacon.server.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The server's meter registry (Prometheus text at {@code /metrics}) with JVM and process metrics bound, and the
 * one place where HTTP requests are counted: {@link #httpRequest} is called once per request by the pipeline's
 * access-log step ({@code Routes}), never by handlers. Beacon's own series ({@code beacon_*}) are bound by
 * {@link BeaconMeters}; gauges that depend on things created at run time (mirrors for new prefixes, services)
 * are refreshed just before each scrape ({@link #beforeScrape}).
 *
 * <p>Thread-safe. {@link #close()} stops the GC listener and the registry; idempotent.
 */
public final class Metrics implements AutoCloseable {
    /** Latency buckets of every Beacon timer, from a fast mirror read to a long poll. */
    static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};
    static final String HEARTBEAT_ROUTE = "/api/v1/services/{service}/instances/{id}/heartbeat";
    static final String LOCK_ROUTE = "/api/v1/locks/{name}";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final List<Runnable> refreshers = new CopyOnWriteArrayList<>();

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Runs {@code refresher} before every scrape (e.g. to register gauges for mirrors created since). */
    public void beforeScrape(Runnable refresher) {
        refreshers.add(refresher);
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        refreshers.forEach(Runnable::run);
        return registry.scrape();
    }

    /**
     * One finished HTTP request. {@code route} is the route template ({@code /api/v1/config/{app}/{profile}/<key>}),
     * never the raw path, so the series stay few; heartbeats and lock acquisitions are also counted by outcome.
     */
    public void httpRequest(String route, String method, int status, long nanos) {
        timer("beacon.http.requests", "route", route, "method", method, "status", Integer.toString(status))
                .record(nanos, TimeUnit.NANOSECONDS);
        if (HEARTBEAT_ROUTE.equals(route)) {
            Counter.builder("beacon.heartbeats").description("Instance heartbeats by outcome")
                    .tag("outcome", status == 200 ? "ok" : status == 404 ? "not_registered" : "error").register(registry).increment();
        } else if (LOCK_ROUTE.equals(route) && "POST".equals(method)) {
            timer("beacon.lock.waits", "outcome", status == 200 ? "acquired" : status == 409 ? "held" : "error")
                    .record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** A timer with Beacon's latency buckets. */
    Timer timer(String name, String... tags) {
        return Timer.builder(name).tags(tags).serviceLevelObjectives(BUCKETS).register(registry);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
