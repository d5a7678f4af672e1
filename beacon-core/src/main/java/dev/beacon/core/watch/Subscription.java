package dev.beacon.core.watch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * One subscriber's place in a {@link ChangeFeed}: a bounded queue of changes under a key prefix and
 * a delivery loop that drains it on the feed's executor.
 *
 * <p>Order: changes are delivered in revision order, each once; changes at or below the starting
 * revision are dropped. While a replay from etcd is running ({@link #hold}), live changes wait in the
 * queue behind the replayed ones and are released when the replay has caught up ({@link #release}).
 *
 * <p>Back-pressure: the mirror's thread only appends, never waits. A subscriber that falls more than
 * its capacity behind is ended with {@link CloseReason#RESYNC}: it is removed from the feed at once (so it
 * never slows anyone else), {@link Subscriber#onCutOff} lets its transport abort a blocked write, and it
 * resubscribes from the last revision it received.
 *
 * <p>Lifecycle: OPEN → CLOSING → CLOSED; {@link Subscriber#onClose} runs exactly once, after the last
 * delivery. {@link #close()} is idempotent.
 */
public final class Subscription implements AutoCloseable {
    /** Why a subscription ended. */
    public enum CloseReason {
        /** The subscriber (or its transport) closed it. */
        UNSUBSCRIBED,
        /** It fell behind its queue, or its replay broke off: resubscribe from the last revision received. */
        RESYNC,
        /** The requested starting revision is compacted in etcd: reload the current state. */
        COMPACTED,
        /** The server is shutting down, or the mirror was closed. */
        SHUTDOWN,
        /** {@link Subscriber#onEvents} threw; the transport is gone. */
        FAILED
    }

    private enum State { OPEN, CLOSING, CLOSED }

    private final List<String> keyPrefixes;
    private final int capacity;
    private final Subscriber subscriber;
    private final Executor executor;
    private final List<Runnable> onEnd = new CopyOnWriteArrayList<>();
    private final ArrayDeque<ChangeEvent> queue = new ArrayDeque<>();
    private final ArrayDeque<ChangeEvent> replay = new ArrayDeque<>();
    private final CompletableFuture<Long> started = new CompletableFuture<>();
    private State state = State.OPEN;
    private CloseReason reason;
    private boolean draining;
    private boolean held;
    private int inFlight;
    private int allowance;
    private long floor;
    private long lastQueued;
    private volatile long lastDelivered;

    Subscription(String keyPrefix, int capacity, Subscriber subscriber, Executor executor, long startRevision) {
        this(List.of(keyPrefix), capacity, subscriber, executor, startRevision);
    }

    Subscription(List<String> keyPrefixes, int capacity, Subscriber subscriber, Executor executor, long startRevision) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be positive");
        }
        if (keyPrefixes.isEmpty()) {
            throw new IllegalArgumentException("a subscription needs at least one key prefix");
        }
        this.keyPrefixes = List.copyOf(keyPrefixes);
        this.capacity = capacity;
        this.subscriber = subscriber;
        this.executor = executor;
        this.floor = startRevision;
        this.lastQueued = startRevision;
        this.lastDelivered = startRevision;
    }

    /** The key prefixes whose changes this subscription receives. */
    public List<String> keyPrefixes() {
        return keyPrefixes;
    }

    /** The longest prefix common to all of {@link #keyPrefixes()} (what a replay from etcd watches). */
    public String commonPrefix() {
        String common = keyPrefixes.get(0);
        for (String p : keyPrefixes) {
            int i = 0;
            while (i < common.length() && i < p.length() && common.charAt(i) == p.charAt(i)) {
                i++;
            }
            common = common.substring(0, i);
        }
        return common;
    }

    /** The revision of the last change handed to the subscriber (or the starting revision). */
    public long lastDelivered() {
        return lastDelivered;
    }

    /**
     * Completes with the revision the subscription starts after, once it is registered with the feed:
     * the requested revision, or the mirror's revision for a subscription "from now". Fails if the
     * subscription ends before it is registered.
     */
    public CompletableFuture<Long> started() {
        return started;
    }

    public synchronized boolean isOpen() {
        return state == State.OPEN;
    }

    /** Not yet delivered: queued, plus the batch being delivered now. */
    public synchronized int backlog() {
        return queue.size() + replay.size() + inFlight;
    }

    boolean matches(String key) {
        for (String p : keyPrefixes) {
            if (key.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Registers a task to run once when the subscription ends (e.g. stop a replay). */
    void onEnd(Runnable task) {
        onEnd.add(task);
    }

    synchronized void markStarted(long revision) {
        if (floor < 0) {
            floor = revision;
            lastQueued = revision;
            lastDelivered = revision;
        }
        started.complete(floor);
    }

    /** Called by the feed on the mirror's thread: appends live changes without waiting. */
    void offer(List<ChangeEvent> events) {
        append(queue, events);
    }

    /**
     * The replay from memory when the subscription starts: it may be longer than the queue (up to the
     * ring's size), so its length is allowed on top of the capacity until it has been delivered.
     */
    void offerInitial(List<ChangeEvent> events) {
        synchronized (this) {
            allowance = events.size();
        }
        append(queue, events);
    }

    /** Called by a replay from etcd: appends replayed changes, which are delivered before held live ones. */
    void offerReplay(List<ChangeEvent> events) {
        append(replay, events);
    }

    /** Live changes wait until {@link #release()}. */
    synchronized void hold() {
        held = true;
    }

    void release() {
        boolean schedule;
        synchronized (this) {
            held = false;
            schedule = state == State.OPEN && !draining && !queue.isEmpty();
            draining |= schedule;
        }
        if (schedule) {
            executor.execute(this::drain);
        }
    }

    private void append(ArrayDeque<ChangeEvent> target, List<ChangeEvent> events) {
        boolean schedule;
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            List<ChangeEvent> fresh = fresh(target, events);
            if (fresh.isEmpty()) {
                return;
            }
            if (queue.size() + replay.size() + inFlight + fresh.size() > capacity + allowance) {
                cutOff(CloseReason.RESYNC);
                return;
            }
            target.addAll(fresh);
            if (target == replay) {
                lastQueued = fresh.get(fresh.size() - 1).revision();
            }
            schedule = !draining && (target == replay || !held);
            draining |= schedule;
        }
        if (schedule) {
            executor.execute(this::drain);
        }
    }

    /** Under the lock: the events not yet queued or delivered; {@code events} itself when all are (no copy). */
    private List<ChangeEvent> fresh(ArrayDeque<ChangeEvent> target, List<ChangeEvent> events) {
        long above = target == queue ? floor : Math.max(floor, lastQueued);
        if (events.isEmpty() || events.get(0).revision() > above) {
            return events; // revisions ascend: all are new
        }
        List<ChangeEvent> fresh = new ArrayList<>(events.size());
        for (ChangeEvent e : events) {
            if (e.revision() > above) {
                fresh.add(e);
            }
        }
        return fresh;
    }

    private void drain() {
        while (true) {
            List<ChangeEvent> batch;
            synchronized (this) {
                ArrayDeque<ChangeEvent> source = !replay.isEmpty() ? replay : held ? null : queue;
                if (state != State.OPEN || source == null || source.isEmpty()) {
                    draining = false;
                    if (state == State.CLOSING) {
                        break;
                    }
                    return;
                }
                batch = source.size() == 1 ? List.of(source.poll()) : new ArrayList<>(source);
                source.clear();
                inFlight = batch.size();
            }
            try {
                subscriber.onEvents(batch);
                lastDelivered = batch.get(batch.size() - 1).revision();
                synchronized (this) {
                    allowance = Math.max(0, allowance - inFlight);
                    inFlight = 0;
                }
            } catch (Exception e) {
                synchronized (this) {
                    draining = false;
                    inFlight = 0;
                }
                end(CloseReason.FAILED);
                break;
            }
        }
        finish();
    }

    @Override
    public void close() {
        end(CloseReason.UNSUBSCRIBED);
    }

    /**
     * Ends the subscription with {@code why} (idempotent); a delivery in progress is told to abort
     * ({@link Subscriber#onCutOff}), and {@link Subscriber#onClose} follows once it has returned.
     */
    public synchronized void end(CloseReason why) {
        cutOff(why);
    }

    /** Under the lock: moves to CLOSING; returns false when already ending. */
    private boolean cutOff(CloseReason why) {
        if (state != State.OPEN) {
            return false;
        }
        state = State.CLOSING;
        reason = why;
        queue.clear();
        replay.clear();
        boolean busy = draining;
        executor.execute(() -> {
            onEnd.forEach(Subscription::runQuietly);
            started.completeExceptionally(new IllegalStateException("subscription ended: " + why));
            if (busy) {
                runQuietly(() -> subscriber.onCutOff(why));
            } else {
                finish();
            }
        });
        return true;
    }

    private void finish() {
        CloseReason why;
        synchronized (this) {
            if (state != State.CLOSING || draining) {
                return;
            }
            state = State.CLOSED;
            why = reason;
        }
        runQuietly(() -> subscriber.onClose(why));
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // the transport is gone either way
        }
    }
}
