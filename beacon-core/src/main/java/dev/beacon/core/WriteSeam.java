package dev.beacon.core;

import dev.beacon.api.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The one way every write of the core goes: config items, batches, rollbacks and settings, registrations,
 * status overrides, locks, elections, sessions, raw keys. A write names who makes it ({@link Principal}), what
 * it is and what it touches; the seam asks every {@link Guard} first (authorization: a guard throws to refuse,
 * and nothing is written), runs the write, and tells every {@link Observer} how it ended and at which revision
 * (audit, metrics). Features add no such code of their own.
 *
 * <p>Threading: guards run on the caller's thread before the write; observers run on the thread that finished
 * the write (the caller's, or Beacon's executor for waited writes) and must not block. An observer that throws
 * is logged and does not change the write's outcome. One seam per server, built by the composition root.
 */
public final class WriteSeam {
    private static final Logger log = LoggerFactory.getLogger(WriteSeam.class);

    /** Decides whether {@code who} may make this write; throws a {@link BeaconException} to refuse it. */
    public interface Guard {
        void check(Principal who, String action, String target);
    }

    /** Hears of every write once it has ended, succeeded or failed. Must not block. */
    public interface Observer {
        void written(WriteRecord record);
    }

    /**
     * Hears of every write once it has ended, like an {@link Observer}, and answers with the work it started
     * (e.g. an etcd put) that the write's answer waits for. Must not block; the stage should complete within
     * the etcd request deadline.
     */
    public interface Recorder {
        CompletableFuture<?> record(WriteRecord record);
    }

    /** The longest a write's answer waits for its recorders (a backstop: recorders bound their own work). */
    public static final java.time.Duration RECORD_WAIT = java.time.Duration.ofSeconds(30);

    private final List<Guard> guards = new CopyOnWriteArrayList<>();
    private final List<Observer> observers = new CopyOnWriteArrayList<>();
    private final List<Recorder> recorders = new CopyOnWriteArrayList<>();

    public void addGuard(Guard guard) {
        guards.add(guard);
    }

    public void addObserver(Observer observer) {
        observers.add(observer);
    }

    public void addRecorder(Recorder recorder) {
        recorders.add(recorder);
    }

    /**
     * Runs a write that answers when it is done.
     *
     * @param revision the revision the answer says was written
     * @return the write's answer
     * @throws BeaconException from a guard (nothing written) or from the write
     */
    public <T> T write(Principal who, String action, String target, Supplier<T> write, ToLongFunction<? super T> revision) {
        check(who, action, target);
        T answer;
        try {
            answer = write.get();
        } catch (RuntimeException e) {
            await(tell(who, action, target, 0, e));
            throw e;
        }
        await(tell(who, action, target, revision.applyAsLong(answer), null));
        return answer;
    }

    /** A write that returns the revision it wrote. */
    public long write(Principal who, String action, String target, Supplier<Long> write) {
        return write(who, action, target, write, Long::longValue);
    }

    /**
     * Runs a write whose answer may come later (a lock or a campaign waiting in a queue): guarded now, observed
     * when the {@code answer} of the handle {@code write} returns completes. Returns that handle.
     */
    public <H, T> H writeLater(Principal who, String action, String target, Supplier<H> write,
                               Function<? super H, CompletableFuture<T>> answer, ToLongFunction<? super T> revision) {
        check(who, action, target);
        H handle;
        try {
            handle = write.get();
        } catch (RuntimeException e) {
            await(tell(who, action, target, 0, e));
            throw e;
        }
        answer.apply(handle).whenComplete((value, failure) ->
                tell(who, action, target, failure == null ? revision.applyAsLong(value) : 0, failure));
        return handle;
    }

    private void check(Principal who, String action, String target) {
        if (who == null) {
            throw new IllegalArgumentException("a write needs a principal");
        }
        for (Guard guard : guards) {
            guard.check(who, action, target);
        }
    }

    /** Tells observers and starts recorders; returns what the recorders started (null when there are none). */
    private CompletableFuture<?> tell(Principal who, String action, String target, long revision, Throwable failure) {
        if (observers.isEmpty() && recorders.isEmpty()) {
            return null;
        }
        WriteRecord record = new WriteRecord(Instant.now(), who, action, target, revision, result(failure));
        for (Observer observer : observers) {
            try {
                observer.written(record);
            } catch (RuntimeException e) {
                log.error("write observer failed on {} {}", action, target, e);
            }
        }
        if (recorders.isEmpty()) {
            return null;
        }
        List<CompletableFuture<?>> started = new java.util.ArrayList<>(recorders.size());
        for (Recorder recorder : recorders) {
            try {
                CompletableFuture<?> f = recorder.record(record);
                if (f != null) {
                    started.add(f);
                }
            } catch (RuntimeException e) {
                log.error("write recorder failed on {} {}", action, target, e);
            }
        }
        return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new));
    }

    /** Waits (bounded) for what recorders started; their failures were theirs to log and count, never the write's. */
    private static void await(CompletableFuture<?> recorded) {
        if (recorded == null) {
            return;
        }
        try {
            recorded.get(RECORD_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("a write recorder did not finish: {}", e.toString());
        }
    }

    private static String result(Throwable failure) {
        if (failure == null) {
            return "OK";
        }
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof BeaconException b ? b.code().name() : ErrorCode.INTERNAL.name();
    }
}
