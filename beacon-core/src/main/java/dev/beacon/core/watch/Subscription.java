package dev.beacon.core.watch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One subscriber's place in a {@link ChangeFeed}: a bounded queue of changes under a key prefix and
 * a delivery loop that drains it on the feed's executor.
 *
 * <p>Back-pressure: the mirror's thread only appends to the queue, never waits. When a subscriber
 * falls more than its queue capacity behind, it is closed with {@link CloseReason#OVERFLOW}: it must
 * resubscribe from the last revision it received ({@link #lastDelivered()}), and it never slows
 * anyone else. {@link #close()} is idempotent.
 */
public final class Subscription implements AutoCloseable {
    /** Why a subscription ended. */
    public enum CloseReason {
        /** The subscriber (or its transport) closed it. */
        UNSUBSCRIBED,
        /** It fell behind its queue; resubscribe from {@link #lastDelivered()} ("resync"). */
        OVERFLOW,
        /** The requested starting revision is compacted in etcd; reload the current state. */
        COMPACTED,
        /** The server is shutting down, or the mirror was closed. */
        SHUTDOWN,
        /** {@link Subscriber#onEvents} threw; the transport is gone. */
        FAILED
    }

    private enum State { OPEN, CLOSING, CLOSED }

    private final String keyPrefix;
    private final int capacity;
    private final Subscriber subscriber;
    private final Executor executor;
    private final Runnable onClosed;
    private final ArrayDeque<ChangeEvent> queue = new ArrayDeque<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
    private CloseReason reason;
    private boolean draining;
    private volatile long lastDelivered;

    Subscription(String keyPrefix, int capacity, Subscriber subscriber, Executor executor, Runnable onClosed, long startRevision) {
        this.keyPrefix = keyPrefix;
        this.capacity = capacity;
        this.subscriber = subscriber;
        this.executor = executor;
        this.onClosed = onClosed;
        this.lastDelivered = startRevision;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    /** The revision of the last change handed to the subscriber (or the starting revision). */
    public long lastDelivered() {
        return lastDelivered;
    }

    public boolean isOpen() {
        return state.get() == State.OPEN;
    }

    /** Queued, not yet delivered. */
    public synchronized int backlog() {
        return queue.size();
    }

    boolean matches(String key) {
        return key.startsWith(keyPrefix);
    }

    /** Called by the feed (mirror thread): appends without waiting; overflows close the subscription. */
    void offer(List<ChangeEvent> events) {
        if (events.isEmpty() || state.get() != State.OPEN) {
            return;
        }
        boolean schedule;
        synchronized (this) {
            if (queue.size() + events.size() > capacity) {
                queue.clear();
                end(CloseReason.OVERFLOW);
                return;
            }
            queue.addAll(events);
            schedule = !draining;
            draining = true;
        }
        if (schedule) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            List<ChangeEvent> batch;
            synchronized (this) {
                if (queue.isEmpty() || state.get() != State.OPEN) {
                    draining = false;
                    if (state.get() == State.CLOSING) {
                        finish();
                    }
                    return;
                }
                batch = new ArrayList<>(queue);
                queue.clear();
            }
            try {
                subscriber.onEvents(batch);
                lastDelivered = batch.get(batch.size() - 1).revision();
            } catch (Exception e) {
                synchronized (this) {
                    draining = false;
                    queue.clear();
                }
                end(CloseReason.FAILED);
                return;
            }
        }
    }

    @Override
    public void close() {
        end(CloseReason.UNSUBSCRIBED);
    }

    void end(CloseReason why) {
        boolean finishNow;
        synchronized (this) {
            if (state.get() != State.OPEN) {
                return;
            }
            reason = why;
            state.set(State.CLOSING);
            queue.clear();
            finishNow = !draining;
        }
        onClosed.run();
        if (finishNow) {
            executor.execute(this::finish);
        }
    }

    private void finish() {
        synchronized (this) {
            if (state.get() == State.CLOSED) {
                return;
            }
            state.set(State.CLOSED);
        }
        try {
            subscriber.onClose(reason);
        } catch (RuntimeException ignored) {
            // the transport is gone either way
        }
    }
}
