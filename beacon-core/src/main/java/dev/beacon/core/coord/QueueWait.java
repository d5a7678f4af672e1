package dev.beacon.core.coord;

import dev.beacon.core.etcd.Leases;
import dev.beacon.core.watch.Entry;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One contender waiting to come first in its queue ({@link LeaseQueue#await}). It ends exactly once:
 * FRONT (no key ahead of it any more), TIMED_OUT (its wait passed), LOST (its key is gone: the lease
 * expired or the key was deleted), CANCELLED (the caller went away) or SHUTDOWN (this server stops). It holds no thread: the mirror's
 * listener calls {@link #check}, and two timers on the connection's scheduler end the wait and keep the
 * lease alive meanwhile (the caller cannot yet; it has no answer). The keep-alive timer also re-checks the
 * queue, so even a wake-up the mirror did not give (e.g. a wait that began while the mirror was still
 * loading, whose first load emits no changes) is noticed within a third of the ttl.
 */
final class QueueWait {
    enum Outcome { FRONT, TIMED_OUT, LOST, CANCELLED, SHUTDOWN }

    final LeaseQueue.Ticket ticket;
    private final LeaseQueue queue;
    private final AtomicBoolean done = new AtomicBoolean();
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final ScheduledFuture<?> timeout;
    private final ScheduledFuture<?> keepAlive;
    private volatile int position;
    private volatile long renewedAtNanos;

    QueueWait(LeaseQueue queue, LeaseQueue.Ticket ticket, long waitMs, boolean keepLeaseAlive) {
        this.queue = queue;
        this.ticket = ticket;
        this.position = Math.max(0, ticket.position());
        this.renewedAtNanos = ticket.renewedAtNanos();
        var scheduler = queue.etcd.scheduler();
        long every = Math.max(500, ticket.ttl() * 1000 / 3);
        this.keepAlive = keepLeaseAlive
                ? scheduler.scheduleWithFixedDelay(this::keepLeaseAlive, every, every, TimeUnit.MILLISECONDS) : null;
        // scheduled after the keep-alive, so that a timeout that fires at once finds it to cancel
        this.timeout = waitMs > 0 ? scheduler.schedule(() -> finish(Outcome.TIMED_OUT), waitMs, TimeUnit.MILLISECONDS) : null;
    }

    /** Completes on Beacon's executor with how the wait ended. */
    CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    /** How many contenders were ahead at the last check. */
    int position() {
        return position;
    }

    /**
     * Whole seconds the lease lives from now at least: its ttl counted from the send time of the last renewal
     * that succeeded (etcd restarts the ttl when it handles the renewal, which is later).
     */
    long remainingTtl() {
        long elapsedMs = (System.nanoTime() - renewedAtNanos) / 1_000_000;
        return ticket.ttl() - (elapsedMs + 999) / 1000;
    }

    boolean isDone() {
        return done.get();
    }

    void cancel() {
        finish(Outcome.CANCELLED);
    }

    /**
     * Runs on the mirror's serial thread, with the queue's entries at the mirror's {@code revision}. Decides
     * nothing until the mirror has seen the contender's own key.
     */
    void check(long revision, List<Entry> entries) {
        if (done.get() || revision < ticket.token()) {
            return;
        }
        boolean mine = false;
        int ahead = 0;
        for (Entry e : entries) {
            if (e.key().equals(ticket.key()) && e.createRevision() == ticket.token()) {
                mine = true;
            } else if (e.createRevision() < ticket.token()) {
                ahead++;
            }
        }
        position = ahead;
        if (!mine) {
            finish(Outcome.LOST);
        } else if (ahead == 0) {
            finish(Outcome.FRONT);
        }
    }

    /** Every third of the ttl: renews the lease, and re-checks the queue (a safety net should a wake-up be missed). */
    private void keepLeaseAlive() {
        if (done.get()) {
            return;
        }
        queue.recheck(this);
        long sent = System.nanoTime();
        queue.keepAlive(ticket.leaseId()).whenComplete((ttl, failure) -> {
            if (failure == null) {
                renewedAtNanos = Math.max(renewedAtNanos, sent);
            } else if (Leases.isGone(failure)) {
                finish(Outcome.LOST);
            }
            // a transient failure: the next tick tries again; the lease outlives a few missed ticks
        });
    }

    /** Ends the wait once; the outcome completes on Beacon's executor (this may run on the mirror's thread). */
    void finish(Outcome o) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        queue.forget(this);
        try {
            queue.etcd.executor().execute(() -> outcome.complete(o));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            outcome.complete(o);
        }
    }
}
