package dev.beacon.core.coord;

import dev.beacon.core.etcd.Leases;
import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import dev.beacon.core.etcd.EtcdErrors;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request to come first in a queue ({@link LeaseQueue#contend}): join, wait up to {@code waitMs},
 * answer. Its caller may walk away at any step ({@link Pending#cancel}, {@link Pending#abandon}); whatever
 * step it is in then, the contender's lease is revoked, so no ghost holder or candidate stays behind.
 *
 * <p>Threading: the steps run as callbacks on Beacon's executor; the two races with the caller (cancel
 * before the wait exists, cancel while the answer is being made) are closed by volatile hand-offs that
 * each side checks after writing its own.
 */
final class Contention {
    private final LeaseQueue queue;
    private final long waitMs;
    private final boolean leaveUnlessFirst;
    private final CompletableFuture<LeaseQueue.Standing> result = new CompletableFuture<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile LeaseQueue.Ticket ticket;
    private volatile QueueWait wait;

    Contention(LeaseQueue queue, long waitMs, boolean leaveUnlessFirst) {
        this.queue = queue;
        this.waitMs = waitMs;
        this.leaveUnlessFirst = leaveUnlessFirst;
    }

    Pending<LeaseQueue.Standing> pending() {
        return new Pending<>(result, this::cancel, this::abandon);
    }

    void joined(LeaseQueue.Ticket t, Throwable failure) {
        if (failure != null) {
            result.completeExceptionally(EtcdErrors.unwrap(failure));
            return;
        }
        ticket = t;
        if (t.position() == 0) {
            answer(new LeaseQueue.Standing(t, true, 0, t.ttl()));
        } else if (waitMs == 0) {
            notFirst(t, t.position());
        } else {
            QueueWait w = queue.await(t, waitMs, true);
            wait = w;
            if (cancelled.get()) {
                w.cancel();
            }
            w.outcome().whenComplete((o, f) -> ended(t, w, o));
        }
    }

    private void ended(LeaseQueue.Ticket t, QueueWait w, QueueWait.Outcome o) {
        switch (o) {
            case FRONT -> standing(t, w, true, 0);
            case TIMED_OUT -> {
                if (leaveUnlessFirst) {
                    notFirst(t, w.position());
                } else {
                    standing(t, w, false, w.position());
                }
            }
            case LOST -> fail(lost(t));
            case CANCELLED -> {
                queue.revoke(t.leaseId());
                fail(new CancellationException("the caller went away"));
            }
            case SHUTDOWN -> {
                queue.revoke(t.leaseId());
                fail(shuttingDown());
            }
        }
    }

    /**
     * Answers after a wait. The queue renewed the lease every third of its ttl meanwhile, so it normally has at
     * least two thirds left: that is what the answer says. Only when renewals failed and less than half is left
     * is it renewed once more first, so that the caller does not start with a lease about to expire.
     */
    private void standing(LeaseQueue.Ticket t, QueueWait w, boolean first, int position) {
        long remaining = w.remainingTtl();
        if (remaining * 2 >= t.ttl()) {
            answer(new LeaseQueue.Standing(t, first, position, remaining));
            return;
        }
        queue.keepAlive(t.leaseId()).whenComplete((ttl, failure) -> {
            if (failure == null) {
                answer(new LeaseQueue.Standing(t, first, position, ttl));
            } else if (Leases.isGone(failure)) {
                fail(lost(t));
            } else {
                answer(new LeaseQueue.Standing(t, first, position, Math.max(1, w.remainingTtl())));
            }
        });
    }

    private void notFirst(LeaseQueue.Ticket t, int position) {
        if (leaveUnlessFirst) {
            queue.revoke(t.leaseId());
            answer(new LeaseQueue.Standing(t, false, position, 0));
        } else {
            answer(new LeaseQueue.Standing(t, false, position, t.ttl()));
        }
    }

    private void answer(LeaseQueue.Standing s) {
        if (cancelled.get()) {
            queue.revoke(s.ticket().leaseId());
            fail(new CancellationException("the caller went away"));
            return;
        }
        result.complete(s);
    }

    private void fail(Throwable t) {
        result.completeExceptionally(t);
    }

    /** 503, like a long poll held when the server stops: the caller retries, on another server. */
    static BeaconException shuttingDown() {
        return new BeaconException(ErrorCode.ETCD_UNAVAILABLE, "this Beacon server is shutting down: the request stopped"
                + " waiting and left the queue", "retry the request; another Beacon server answers it (the SDK and CLI fail over by themselves)");
    }

    private static BeaconException lost(LeaseQueue.Ticket t) {
        return new BeaconException(ErrorCode.ETCD_UNAVAILABLE, "the contender's key " + t.key()
                + " disappeared while it waited: its lease expired or the key was deleted",
                "etcd may have been unreachable for longer than the ttl (check 'GET /ready'); retry");
    }

    /** The caller went away before its answer: stop waiting and leave the queue. No effect once answered. */
    private void cancel() {
        if (result.isDone() || !cancelled.compareAndSet(false, true)) {
            return;
        }
        QueueWait w = wait;
        if (w != null) {
            w.cancel();
        }
        // not waiting yet: joined() sees the flag after it sets up the wait, answer() before it answers
    }

    /** The answer was not delivered: leave the queue even if first. */
    private void abandon() {
        cancel();
        LeaseQueue.Ticket t = ticket;
        if (t != null) {
            queue.revoke(t.leaseId());
        }
    }
}
