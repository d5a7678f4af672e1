package dev.beacon.core.watch;

import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import dev.beacon.core.etcd.EtcdConnection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The server's mirrors and their change feeds. One mirror holds all of Beacon's own keys (the key
 * root, minus the excluded prefixes such as history records that only etcd keeps), so config items,
 * instances, health, locks, elections and sessions are read from one consistent revision over one
 * etcd watch. A raw prefix that the root mirror does not cover (e.g. a watched application key outside
 * the root) gets a mirror of its own on first use, shared by everyone watching it and closed once
 * nobody has used it for {@link #IDLE_CLOSE_MS}.
 *
 * <p>So there is one etcd watch per prefix per server, whatever the number of readers and subscribers.
 * Closing closes them all.
 */
public final class Mirrors implements AutoCloseable {
    public static final int DEFAULT_RING = 10_000;
    /** Most mirrors of raw prefixes outside the root at once; one more is refused with LIMIT_EXCEEDED. */
    public static final int MAX_EXTRA = 64;
    static final long IDLE_CLOSE_MS = 60_000;

    private final EtcdConnection etcd;
    private final List<String> excluded;
    private final int ringCapacity;
    private final Executor delivery;
    private final ChangeFeed root;
    private final Map<String, Extra> extras = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> sweeper;

    private record Extra(ChangeFeed feed, long[] lastUsed) {
    }

    /**
     * @param rootPrefix the key root with a trailing slash, e.g. {@code /beacon/}
     * @param excluded   prefixes under the root that are not mirrored (read from etcd on demand)
     * @param delivery   where subscribers' deliveries run (one task per busy subscriber; may block)
     */
    public Mirrors(EtcdConnection etcd, String rootPrefix, List<String> excluded, int ringCapacity, Executor delivery) {
        this.etcd = etcd;
        this.excluded = List.copyOf(excluded);
        this.ringCapacity = ringCapacity;
        this.delivery = delivery;
        this.root = new ChangeFeed(new PrefixMirror(etcd, rootPrefix, excluded, ringCapacity), delivery, etcd);
        this.root.mirror().start();
        // every monitor round tells each mirror etcd's revision, so lag is measured whether or not anyone asks /ready
        etcd.monitor().addRoundListener(health -> {
            if (health.reachable()) {
                all().forEach(m -> m.observeEtcdRevision(health.revision()));
            }
        });
        this.sweeper = etcd.scheduler().scheduleWithFixedDelay(this::housekeeping, 2, 2, TimeUnit.SECONDS);
    }

    /** The mirror of Beacon's own keys. */
    public PrefixMirror root() {
        return root.mirror();
    }

    /** The mirror that holds every key under {@code prefix}: the root mirror when it covers it, else one of its own. */
    public PrefixMirror forPrefix(String prefix) {
        return feed(prefix).mirror();
    }

    /**
     * The change feed whose mirror holds every key under {@code prefix}, started on first use (loading
     * continues in the background).
     *
     * @throws BeaconException LIMIT_EXCEEDED when {@link #MAX_EXTRA} other prefixes are already mirrored; BAD_REQUEST for a
     *                         prefix inside a range no mirror holds (history, audit trail, instance events: they grow
     *                         without bound and have endpoints of their own)
     */
    public synchronized ChangeFeed feed(String prefix) {
        if (covers(root.mirror(), prefix)) {
            return root;
        }
        for (String x : excluded) {
            if (prefix.startsWith(x)) {
                throw BeaconException.badRequest(x + " is not mirrored (it grows without bound); read it through its own endpoint "
                        + "(config history, GET /api/v1/audit, instance events) instead of watching it");
            }
        }
        long now = System.currentTimeMillis();
        for (Extra e : extras.values()) {
            if (covers(e.feed().mirror(), prefix)) {
                e.lastUsed()[0] = now;
                return e.feed();
            }
        }
        if (extras.size() >= MAX_EXTRA) {
            throw new BeaconException(ErrorCode.LIMIT_EXCEEDED, MAX_EXTRA + " raw prefixes are already watched on this server",
                    "watch a shorter common prefix, or one under Beacon's key root");
        }
        // a prefix above the key root (e.g. "/") leaves out the same unbounded ranges the root's mirror does
        PrefixMirror m = new PrefixMirror(etcd, prefix, excluded.stream().filter(x -> x.startsWith(prefix) && !x.equals(prefix)).toList(), ringCapacity);
        ChangeFeed feed = new ChangeFeed(m, delivery, etcd);
        extras.put(prefix, new Extra(feed, new long[]{now}));
        m.start();
        return feed;
    }

    /** Every change feed (one per mirror), the root's first. */
    public List<ChangeFeed> feeds() {
        List<ChangeFeed> out = new ArrayList<>();
        out.add(root);
        extras.values().forEach(e -> out.add(e.feed()));
        return out;
    }

    /** A loaded mirror that holds {@code key} (the root's for Beacon's keys, else a raw prefix's someone watches); empty when none does. */
    public java.util.Optional<PrefixMirror> holding(String key) {
        return all().stream().filter(m -> m.covers(key) && m.isLoaded()).findFirst();
    }

    /** Every mirror, the root first. */
    public List<PrefixMirror> all() {
        List<PrefixMirror> out = new ArrayList<>();
        out.add(root.mirror());
        extras.values().forEach(e -> out.add(e.feed().mirror()));
        return out;
    }

    private static boolean covers(PrefixMirror m, String prefix) {
        return m.coversPrefix(prefix);
    }

    /** Every 2 s: probe mirrors whose watch stream is broken (so they notice it is back), close idle ones. */
    private void housekeeping() {
        all().forEach(PrefixMirror::probeIfDisconnected);
        closeIdle();
    }

    private synchronized void closeIdle() {
        long now = System.currentTimeMillis();
        extras.entrySet().removeIf(entry -> {
            Extra e = entry.getValue();
            if (e.feed().size() == 0 && now - e.lastUsed()[0] > IDLE_CLOSE_MS) {
                e.feed().close();
                e.feed().mirror().close();
                return true;
            }
            if (e.feed().size() > 0) {
                e.lastUsed()[0] = now;
            }
            return false;
        });
    }

    @Override
    public synchronized void close() {
        sweeper.cancel(false);
        root.close();
        root.mirror().close();
        extras.values().forEach(e -> {
            e.feed().close();
            e.feed().mirror().close();
        });
        extras.clear();
    }
}
