package dev.beacon.core.watch;

import dev.beacon.core.etcd.EtcdConnection;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's mirrors, one per prefix: whoever needs a prefix asks here, so there is one etcd watch
 * per prefix per server whatever the number of readers and subscribers. Closing closes them all.
 */
public final class Mirrors implements AutoCloseable {
    public static final int DEFAULT_RING = 10_000;
    private final EtcdConnection etcd;
    private final int ringCapacity;
    private final Map<String, PrefixMirror> byPrefix = new ConcurrentHashMap<>();

    public Mirrors(EtcdConnection etcd, int ringCapacity) {
        this.etcd = etcd;
        this.ringCapacity = ringCapacity;
    }

    /** The mirror of {@code prefix}, started on first use (loading continues in the background). */
    public PrefixMirror forPrefix(String prefix) {
        return byPrefix.computeIfAbsent(prefix, p -> {
            PrefixMirror m = new PrefixMirror(etcd, p, ringCapacity);
            m.start();
            return m;
        });
    }

    public List<PrefixMirror> all() {
        return List.copyOf(byPrefix.values());
    }

    @Override
    public void close() {
        byPrefix.values().forEach(PrefixMirror::close);
        byPrefix.clear();
    }
}
