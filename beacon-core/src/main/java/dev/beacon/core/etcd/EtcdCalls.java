package dev.beacon.core.etcd;

import dev.beacon.core.BeaconException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every etcd call of the process did: {@link EtcdConnection#call} reports each one here when it
 * completes (operation, outcome, duration). Observers (the metrics) hear every call; calls slower than
 * {@link #slowThreshold()} are kept (the last {@value #KEPT}) for the doctor's "slow etcd requests".
 *
 * <p>The operation is the first word of the call's description ("read key /a" → {@code read}): a small,
 * fixed vocabulary set by the code, so it is safe as a metric label. The outcome is {@code ok} or the
 * {@link dev.beacon.api.ErrorCode} name the failure was translated to.
 *
 * <p>Threading: {@link #record} runs on Beacon's etcd executor and never blocks; observers are called there
 * and must be quick.
 */
public final class EtcdCalls {
    /** How many slow calls are remembered. */
    public static final int KEPT = 256;
    public static final Duration DEFAULT_SLOW = Duration.ofMillis(500);

    /** Hears every completed etcd call. */
    public interface Observer {
        void onCall(String operation, String outcome, long nanos);
    }

    /** One call slower than the threshold. */
    public record SlowCall(Instant at, String operation, String what, long millis, String outcome) {
    }

    private final List<Observer> observers = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<SlowCall> slow = new ConcurrentLinkedDeque<>();
    private final AtomicInteger slowCount = new AtomicInteger();
    private volatile Duration slowThreshold = DEFAULT_SLOW;

    public void addObserver(Observer observer) {
        observers.add(observer);
    }

    public Duration slowThreshold() {
        return slowThreshold;
    }

    /** Calls at least this long are kept as slow (default {@value}: see {@link #DEFAULT_SLOW}). */
    public void slowThreshold(Duration threshold) {
        if (threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("the slow etcd call threshold must be positive");
        }
        this.slowThreshold = threshold;
    }

    /** Records one completed call; {@code failure} is null on success. */
    void record(String what, Throwable failure, long nanos) {
        String operation = operation(what);
        String outcome = outcome(failure);
        for (Observer o : observers) {
            o.onCall(operation, outcome, nanos);
        }
        if (nanos >= slowThreshold.toNanos()) {
            slow.addLast(new SlowCall(Instant.now(), operation, what, nanos / 1_000_000, outcome));
            if (slowCount.incrementAndGet() > KEPT) {
                slow.pollFirst();
                slowCount.decrementAndGet();
            }
        }
    }

    /** The slow calls since {@code since}, slowest first. */
    public List<SlowCall> slowSince(Instant since) {
        List<SlowCall> out = new ArrayList<>();
        for (Iterator<SlowCall> it = slow.descendingIterator(); it.hasNext(); ) {
            SlowCall c = it.next();
            if (c.at().isBefore(since)) {
                break;
            }
            out.add(c);
        }
        out.sort(Comparator.comparingLong(SlowCall::millis).reversed());
        return out;
    }

    /** The first word of a call's description, lower case; {@code other} when there is none. */
    public static String operation(String what) {
        if (what == null || what.isBlank()) {
            return "other";
        }
        String w = what.strip();
        int space = w.indexOf(' ');
        return (space < 0 ? w : w.substring(0, space)).toLowerCase(Locale.ROOT);
    }

    static String outcome(Throwable failure) {
        if (failure == null) {
            return "ok";
        }
        return failure instanceof BeaconException b ? b.code().name() : "INTERNAL";
    }
}
