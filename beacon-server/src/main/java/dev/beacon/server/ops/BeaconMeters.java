package dev.beacon.server.ops;

import dev.beacon.api.Instance;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.registry.Discovery;
import dev.beacon.core.registry.HealthChecks;
import dev.beacon.core.watch.ChangeEvent;
import dev.beacon.core.watch.ChangeFeed;
import dev.beacon.core.watch.MirrorListener;
import dev.beacon.core.watch.Mirrors;
import dev.beacon.core.watch.PrefixMirror;
import dev.beacon.server.events.EventHub;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Beacon's own series, bound to the parts they describe: etcd calls (through the connection's call observer),
 * the mirrors, subscribers and long polls, config publishes (every config change the root mirror applies,
 * whoever wrote it), instances by service and status, health check probes. Call {@link #bind} once; close to
 * stop counting config publishes.
 */
public final class BeaconMeters implements AutoCloseable {
    private final PrefixMirror root;
    private final MirrorListener publishes;

    private BeaconMeters(PrefixMirror root, MirrorListener publishes) {
        this.root = root;
        this.publishes = publishes;
    }

    public static BeaconMeters bind(Metrics metrics, EtcdConnection etcd, Mirrors mirrors, EventHub hub, Discovery discovery,
                                    HealthChecks checks, KeyLayout keys) {
        MeterRegistry r = metrics.registry();
        etcd.calls().addObserver((operation, outcome, nanos) ->
                metrics.timer("beacon.etcd.calls", "operation", operation, "outcome", outcome).record(nanos, TimeUnit.NANOSECONDS));
        Gauge.builder("beacon.etcd.reachable", etcd, e -> e.monitor().health().reachable() ? 1 : 0)
                .description("1 while etcd answers with a leader").register(r);
        Gauge.builder("beacon.etcd.revision", etcd, e -> e.monitor().health().revision()).register(r);
        Gauge.builder("beacon.etcd.latency.seconds", etcd, e -> e.monitor().health().latencyMs() / 1000.0).register(r);
        Gauge.builder("beacon.sse.streams", hub, EventHub::sseStreams).description("Open SSE streams").register(r);
        Gauge.builder("beacon.long.polls.held", hub, EventHub::pollsHeld).description("Long polls waiting for a change").register(r);
        FunctionCounter.builder("beacon.checks.probes", checks, HealthChecks::probesSent).tag("result", "sent")
                .description("Active health check probes").register(r);
        FunctionCounter.builder("beacon.checks.probes", checks, HealthChecks::probesSkipped).tag("result", "skipped").register(r);
        Gauge.builder("beacon.checks.owned", checks, HealthChecks::checkedHere).description("Instances this server checks").register(r);

        Set<String> seen = ConcurrentHashMap.newKeySet();
        metrics.beforeScrape(() -> { // mirror lag itself is refreshed after every etcd monitor round (Mirrors)
            for (ChangeFeed feed : mirrors.feeds()) {
                PrefixMirror m = feed.mirror();
                if (!seen.add(m.prefix())) {
                    continue;
                }
                Tags prefix = Tags.of("prefix", m.prefix());
                Gauge.builder("beacon.mirror.revision.lag", m, x -> Math.max(0, etcd.monitor().health().revision() - x.revision()))
                        .tags(prefix).description("etcd's revision minus the mirror's, as the monitor last saw etcd").register(r);
                Gauge.builder("beacon.mirror.lag.seconds", m, x -> x.lagMillis() / 1000.0).tags(prefix).register(r);
                Gauge.builder("beacon.mirror.keys", m, PrefixMirror::size).tags(prefix).register(r);
                FunctionCounter.builder("beacon.mirror.watch.reconnects", m, PrefixMirror::streamBreaks).tags(prefix).register(r);
                FunctionCounter.builder("beacon.mirror.reloads", m, PrefixMirror::reloads).tags(prefix).register(r);
                Gauge.builder("beacon.subscribers", feed, ChangeFeed::size).tags(prefix)
                        .description("Subscriptions (SSE, WebSocket, long poll) on the prefix's feed").register(r);
            }
        });

        MultiGauge instances = MultiGauge.builder("beacon.instances").description("Registered instances by service and status").register(r);
        metrics.beforeScrape(() -> {
            Map<List<String>, Integer> counts = new TreeMap<>((a, b) -> (a.get(0) + '\n' + a.get(1)).compareTo(b.get(0) + '\n' + b.get(1)));
            if (!mirrors.root().isLoaded()) {
                return; // nothing to count before the first load (and a scrape must not wait for it)
            }
            discovery.services().value().forEach(s -> {
                for (Instance i : discovery.service(s.service(), false, List.of()).value().instances()) {
                    counts.merge(List.of(s.service(), String.valueOf(i.status())), 1, Integer::sum);
                }
            });
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            counts.forEach((k, n) -> rows.add(MultiGauge.Row.of(Tags.of("service", k.get(0), "status", k.get(1)), n)));
            instances.register(rows, true);
        });

        String configRoot = keys.configRoot();
        Counter puts = Counter.builder("beacon.config.publishes").tag("op", "put").description("Config item changes applied").register(r);
        Counter deletes = Counter.builder("beacon.config.publishes").tag("op", "delete").register(r);
        MirrorListener publishes = (changes, revision) -> {
            for (ChangeEvent e : changes) {
                if (e.key().startsWith(configRoot)) {
                    (e.isPut() ? puts : deletes).increment();
                }
            }
        };
        mirrors.root().addListener(publishes);
        return new BeaconMeters(mirrors.root(), publishes);
    }

    @Override
    public void close() {
        root.removeListener(publishes);
    }
}
