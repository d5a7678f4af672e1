package dev.beacon.core.etcd;

import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps one lease of this process alive, and says so when it is lost: the server's own identity
 * (its registration among Beacon servers, its elections) rests on it.
 *
 * <p>Why not jetcd's {@code keepAlive} stream: it ends silently when no answer comes within the TTL
 * (an etcd outage longer than the TTL), after which the lease expires although the process is alive.
 * This keeper instead sends one keep-alive every third of the TTL, each with the request deadline.
 * An answer with TTL &gt; 0 means alive. "Lease not found" (or TTL &lt;= 0) means lost: listeners hear
 * {@link Listener#onLost}, a new lease is granted, and they hear {@link Listener#onGranted} with it, so
 * their owners re-register on it. While etcd is unreachable the keeper keeps trying; etcd restores
 * every lease to its full TTL when it comes back, and a lease that expired meanwhile is found lost.
 *
 * <p>Threading: ticks run on the connection's scheduler and hand their calls to {@link EtcdConnection#call},
 * whose results complete on Beacon's executor; listeners are called there, one event at a time, and
 * must not block for long. Lifecycle: {@link #start} once; {@link #close()} stops and revokes (idempotent).
 */
public final class LeaseKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    /** Hears the lease's life: granted (first, and again after every loss), lost. */
    public interface Listener {
        void onGranted(long leaseId);

        default void onLost(long leaseId) {
        }
    }

    private enum State { NEW, GRANTING, ALIVE, CLOSED }

    private final EtcdConnection etcd;
    private final String name;
    private final Duration ttl;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CompletableFuture<Long> firstGrant = new CompletableFuture<>();
    private volatile long leaseId;
    private volatile long lastAliveNanos;
    private volatile ScheduledFuture<?> next;
    private int failures;

    private LeaseKeeper(EtcdConnection etcd, String name, Duration ttl) {
        if (ttl.toSeconds() < 2) {
            throw new IllegalArgumentException("a lease TTL must be at least 2 s, got " + ttl);
        }
        this.etcd = etcd;
        this.name = name;
        this.ttl = ttl;
    }

    /** Starts granting (retrying until etcd answers); {@link #granted()} completes with the first lease. */
    public static LeaseKeeper start(EtcdConnection etcd, String name, Duration ttl) {
        LeaseKeeper keeper = new LeaseKeeper(etcd, name, ttl);
        keeper.state.set(State.GRANTING);
        keeper.schedule(0);
        return keeper;
    }

    /** The current lease, 0 while none is granted. */
    public long leaseId() {
        return leaseId;
    }

    public Duration ttl() {
        return ttl;
    }

    /** Completes with the first lease granted. */
    public CompletableFuture<Long> granted() {
        return firstGrant;
    }

    /** Milliseconds since etcd last confirmed the lease alive; -1 before the first confirmation. */
    public long millisSinceAlive() {
        long t = lastAliveNanos;
        return t == 0 ? -1 : (System.nanoTime() - t) / 1_000_000;
    }

    /** Adds a listener; if a lease is already held it hears {@link Listener#onGranted} with it at once. */
    public void addListener(Listener listener) {
        listeners.add(listener);
        long current = leaseId;
        if (current != 0) {
            etcd.executor().execute(() -> listener.onGranted(current));
        }
    }

    private void schedule(long delayMs) {
        if (state.get() == State.CLOSED) {
            return;
        }
        try {
            next = etcd.scheduler().schedule(this::tick, delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the connection is closing
        }
    }

    private void tick() {
        State s = state.get();
        if (s == State.GRANTING) {
            etcd.call("grant lease for " + name, () -> etcd.client().getLeaseClient().grant(ttl.toSeconds()))
                    .whenComplete((granted, failure) -> {
                        if (failure != null) {
                            retry("grant a lease", failure);
                            return;
                        }
                        failures = 0;
                        if (!state.compareAndSet(State.GRANTING, State.ALIVE)) {
                            revokeQuietly(granted.getID());
                            return;
                        }
                        leaseId = granted.getID();
                        lastAliveNanos = System.nanoTime();
                        log.info("{}: lease {} granted (ttl {}s)", name, Long.toHexString(leaseId), ttl.toSeconds());
                        firstGrant.complete(leaseId);
                        listeners.forEach(l -> notify(() -> l.onGranted(granted.getID())));
                        schedule(interval());
                    });
        } else if (s == State.ALIVE) {
            long id = leaseId;
            etcd.call("keep lease alive for " + name, () -> etcd.client().getLeaseClient().keepAliveOnce(id))
                    .whenComplete((answer, failure) -> {
                        if (failure == null && answer.getTTL() > 0) {
                            failures = 0;
                            lastAliveNanos = System.nanoTime();
                            schedule(interval());
                        } else if (failure == null || isLeaseGone(failure)) {
                            lost(id);
                        } else {
                            retry("keep the lease alive", failure);
                        }
                    });
        }
    }

    private void lost(long id) {
        if (state.compareAndSet(State.ALIVE, State.GRANTING)) {
            leaseId = 0;
            log.warn("{}: lease {} was lost (expired in etcd); granting a new one and re-registering", name, Long.toHexString(id));
            listeners.forEach(l -> notify(() -> l.onLost(id)));
            schedule(0);
        }
    }

    private void retry(String what, Throwable failure) {
        failures++;
        if (failures == 1 || failures % 10 == 0) {
            log.warn("{}: could not {} ({}); retrying", name, what, EtcdErrors.unwrap(failure).getMessage());
        }
        schedule(Math.min(interval(), 200L * failures));
    }

    private static boolean isLeaseGone(Throwable failure) {
        Throwable t = EtcdErrors.unwrap(failure);
        return t instanceof BeaconException be && be.code() == ErrorCode.NOT_FOUND;
    }

    private long interval() {
        return Math.max(500, ttl.toMillis() / 3);
    }

    private static void notify(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.error("lease listener failed", e);
        }
    }

    private void revokeQuietly(long id) {
        etcd.call("revoke lease", () -> etcd.client().getLeaseClient().revoke(id));
    }

    /** Stops keeping the lease alive and revokes it (waiting up to the request timeout), so its keys go at once. */
    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        ScheduledFuture<?> n = next;
        if (n != null) {
            n.cancel(false);
        }
        firstGrant.completeExceptionally(new IllegalStateException(name + ": lease keeper closed"));
        long id = leaseId;
        leaseId = 0;
        if (id != 0) {
            try {
                etcd.await("revoke lease of " + name, () -> etcd.client().getLeaseClient().revoke(id));
            } catch (BeaconException e) {
                log.info("{}: could not revoke lease {} ({}); it expires within {}s", name, Long.toHexString(id),
                        e.getMessage(), ttl.toSeconds());
            }
        }
    }
}
