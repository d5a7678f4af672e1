package dev.beacon.core.registry;

import dev.beacon.core.etcd.Leases;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeats without one etcd round trip each: when a lease was renewed by etcd less than {@link #FRESH_NANOS}
 * (and half its TTL) ago, a heartbeat on it is answered from memory and asks for one more renewal, which starts at once or — when
 * one is running or ran less than {@link #GAP_NANOS} ago — right after; all heartbeats meanwhile share it. So
 * every heartbeat is followed by a keep-alive that starts after it, at most {@code GAP} + one round trip later:
 * an instance whose heartbeats stop is gone TTL after its last one, plus at most that. A renewal that finds the
 * lease gone (or fails) forgets it, and the next heartbeat asks etcd itself (404 NOT_REGISTERED, 503).
 *
 * <p>Threading: heartbeats run on request threads; renewals complete on the connection's executor and only
 * update this bookkeeping; delayed renewals start on the connection's scheduler. Nothing here blocks.
 */
final class LeaseBeats {
    /**
     * A renewal at most this old — and at most half the lease's TTL old, so the lease surely still lives (etcd's
     * smallest TTL is 2 s) — answers a heartbeat from memory. Longer than {@link #GAP_NANOS} so that a renewal slowed
     * by a busy etcd does not send every heartbeat of the lease to etcd meanwhile.
     */
    static final long FRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(5000);
    /** Renewals of one lease start at least this far apart. */
    static final long GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final int SWEEP_ABOVE = 10_000;

    private final Leases leases;
    private final ScheduledExecutorService scheduler;
    private final ConcurrentHashMap<Long, Beat> beats = new ConcurrentHashMap<>();

    private final class Beat {
        final long lease;
        volatile long renewedAt;
        volatile long ttl;
        private boolean running;
        private boolean wanted;
        private long startedAt;

        Beat(long lease) {
            this.lease = lease;
        }

        /** A heartbeat arrived: make sure a renewal starts after it. */
        void want() {
            long delay;
            synchronized (this) {
                wanted = true;
                if (running) {
                    return; // it starts again when the running one ends
                }
                delay = startedAt + GAP_NANOS - System.nanoTime();
                running = true;
            }
            startIn(delay);
        }

        private void startIn(long delayNanos) {
            if (delayNanos > 0) {
                try {
                    scheduler.schedule(this::start, delayNanos, TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    forget();
                }
            } else {
                start();
            }
        }

        private void start() {
            synchronized (this) {
                wanted = false;
                startedAt = System.nanoTime();
            }
            java.util.concurrent.CompletableFuture<Long> renewal;
            try {
                renewal = leases.keepAlive(lease);
            } catch (RuntimeException e) {
                forget();
                return;
            }
            renewal.whenComplete((newTtl, failure) -> {
                if (failure != null) {
                    forget();
                    return;
                }
                ttl = newTtl;
                renewedAt = System.nanoTime();
                long delay;
                synchronized (this) {
                    if (!wanted) {
                        running = false;
                        return;
                    }
                    delay = startedAt + GAP_NANOS - System.nanoTime();
                }
                startIn(delay);
            });
        }

        private void forget() {
            synchronized (this) {
                running = false;
                wanted = false;
            }
            beats.remove(lease, this);
        }
    }

    LeaseBeats(Leases leases, ScheduledExecutorService scheduler) {
        this.leases = leases;
        this.scheduler = scheduler;
    }

    /**
     * The lease's TTL when it was renewed recently enough to answer from memory (and a renewal after this
     * heartbeat is on its way); -1 when the caller must ask etcd.
     */
    long beat(long lease) {
        Beat b = beats.get(lease);
        long age = b == null ? Long.MAX_VALUE : System.nanoTime() - b.renewedAt;
        if (b == null || b.ttl <= 0 || age > FRESH_NANOS || age > TimeUnit.SECONDS.toNanos(b.ttl) / 2) {
            return -1;
        }
        b.want();
        return b.ttl;
    }

    /** etcd just renewed the lease (a heartbeat's own keep-alive) with this TTL. */
    void renewed(long lease, long ttl) {
        if (ttl <= 0) {
            return;
        }
        Beat b = beats.computeIfAbsent(lease, Beat::new);
        b.ttl = ttl;
        b.renewedAt = System.nanoTime();
        if (beats.size() > SWEEP_ABOVE) {
            long old = System.nanoTime() - 60 * FRESH_NANOS;
            beats.values().removeIf(x -> x.renewedAt < old);
        }
    }

    /** The lease is gone (revoked) or no longer trusted: the next heartbeat asks etcd. */
    void forget(long lease) {
        Beat b = beats.remove(lease);
        if (b != null) {
            b.forget();
        }
    }
}
