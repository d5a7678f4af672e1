package dev.beacon.core.watch;

import dev.beacon.core.etcd.EtcdConnection;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The server's mirrors and their feeds, one per prefix: whoever needs a prefix asks here, so there
 * is one etcd watch per prefix per server whatever the number of readers and subscribers. Closing
 * closes them all.
 */
public final class Mirrors implements AutoCloseable {
    public static final int DEFAULT_RING = 10_000;
    private final EtcdConnection etcd;
    private final int ringCapacity;
    private final Executor delivery;
    private final Map<String, ChangeFeed> byPrefix = new ConcurrentHashMap<>();

    /**
     * @param delivery where subscribers' deliveries run (one task per busy subscriber; may block)
     */
    public Mirrors(EtcdConnection etcd, int ringCapacity, Executor delivery) {
        this.etcd = etcd;
        this.ringCapacity = ringCapacity;
        this.delivery = delivery;
    }

    /** The mirror of {@code prefix}, started on first use (loading continues in the background). */
    public PrefixMirror forPrefix(String prefix) {
        return feed(prefix).mirror();
    }

    /** The change feed of {@code prefix}'s mirror, started on first use. */
    public ChangeFeed feed(String prefix) {
        return byPrefix.computeIfAbsent(prefix, p -> {
            PrefixMirror m = new PrefixMirror(etcd, p, ringCapacity);
            ChangeFeed feed = new ChangeFeed(m, delivery);
            m.start();
            return feed;
        });
    }

    public List<PrefixMirror> all() {
        return byPrefix.values().stream().map(ChangeFeed::mirror).toList();
    }

    @Override
    public void close() {
        byPrefix.values().forEach(f -> {
            f.close();
            f.mirror().close();
        });
        byPrefix.clear();
    }
}
