package dev.beacon.core.coord;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * An answer that may take a while (a lock or campaign request that waits in a queue), and the two ways
 * its caller can walk away from it. The transport that waits on {@link #result()} holds no thread.
 *
 * <ul>
 *   <li>{@link #cancel()}: the caller went away while waiting (e.g. the HTTP client disconnected). The wait
 *       stops and the contender leaves the queue at once (its lease is revoked). No effect once answered.</li>
 *   <li>{@link #abandon()}: the answer could not be delivered. What was taken is given back (the lease is
 *       revoked) even if it was granted, since nobody knows its token.</li>
 * </ul>
 * Both are idempotent and never block.
 */
public final class Pending<T> {
    private final CompletableFuture<T> result;
    private final Runnable cancel;
    private final Runnable abandon;

    Pending(CompletableFuture<T> result, Runnable cancel, Runnable abandon) {
        this.result = result;
        this.cancel = cancel;
        this.abandon = abandon;
    }

    /** Completes on Beacon's executor with the answer, or with a {@code BeaconException}. */
    public CompletableFuture<T> result() {
        return result;
    }

    public void cancel() {
        cancel.run();
    }

    public void abandon() {
        abandon.run();
    }

    <R> Pending<R> map(Function<T, R> f) {
        return new Pending<>(result.thenApply(f), cancel, abandon);
    }
}
