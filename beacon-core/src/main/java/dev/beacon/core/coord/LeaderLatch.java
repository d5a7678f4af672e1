package dev.beacon.core.coord;

import dev.beacon.core.etcd.Leases;
import dev.beacon.core.BeaconException;
import dev.beacon.core.etcd.LeaseKeeper;
import dev.beacon.core.watch.ChangeEvent;
import dev.beacon.core.watch.Entry;
import dev.beacon.core.watch.MirrorListener;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static dev.beacon.core.etcd.Bytes.of;

/**
 * Makes one Beacon server among several the single actor for a task (health-check assignment, history
 * pruning): it campaigns in an election on the server's own lease, kept by a {@link LeaseKeeper}, and tells
 * its {@link Listener} when this server starts and stops leading. Create it with {@link Elections#latch}.
 *
 * <p>Supervision (etcd's {@code Campaign} does not notice its lease expiring): the server leads only while
 * its key is first in the election, as the mirror shows it, <em>and</em> etcd confirmed its lease within the
 * last five sixths of the ttl. A server cut off from etcd therefore stops leading before its lease can expire
 * and another server take over. When the keeper reports the lease lost, the latch stops leading at once and
 * campaigns again on the lease the keeper grants next; a key deleted by hand is put back.
 *
 * <p>Threading: decisions are made on the mirror's serial thread; listener calls are made one at a time, in
 * order (elected, revoked, elected, ...), on Beacon's executor, and must not block for long.
 * Lifecycle: started by {@link Elections#latch}; {@link #close()} resigns (deletes the key, keeps the
 * keeper's lease, which is the server's) and is idempotent; a leading latch hears {@code onRevoked} last.
 */
public final class LeaderLatch implements AutoCloseable, MirrorListener {
    private static final Logger log = LoggerFactory.getLogger(LeaderLatch.class);

    /** Hears leadership start and end, alternating, starting with {@link #onElected}. */
    public interface Listener {
        /** This server leads now; {@code token} (its key's create revision) only grows from one term to the next. */
        void onElected(long token);

        /** This server no longer leads (resigned, lease lost or in doubt, or a key deleted by hand); stop acting. */
        void onRevoked();
    }

    private final LeaseQueue queue;
    private final String prefix;
    private final String candidate;
    private final LeaseKeeper keeper;
    private final Listener listener;
    private final SerialRunner callbacks;
    private ScheduledFuture<?> supervisor;
    // guarded by this
    private boolean closed;
    private long lease;
    private long token;
    private boolean leading;

    private LeaderLatch(LeaseQueue queue, String prefix, String candidate, LeaseKeeper keeper, Listener listener) {
        this.queue = queue;
        this.prefix = prefix;
        this.candidate = candidate;
        this.keeper = keeper;
        this.listener = listener;
        this.callbacks = new SerialRunner(queue.etcd.executor());
    }

    static LeaderLatch start(LeaseQueue queue, String prefix, String candidate, LeaseKeeper keeper, Listener listener) {
        LeaderLatch latch = new LeaderLatch(queue, prefix, candidate, keeper, listener);
        queue.mirror.addListener(latch);
        long every = Math.max(250, keeper.ttl().toMillis() / 6);
        latch.supervisor = queue.etcd.scheduler().scheduleWithFixedDelay(latch::reevaluate, every, every, TimeUnit.MILLISECONDS);
        keeper.addListener(new LeaseKeeper.Listener() {
            @Override
            public void onGranted(long leaseId) {
                latch.join(leaseId);
            }

            @Override
            public void onLost(long leaseId) {
                latch.lost(leaseId);
            }
        });
        return latch;
    }

    /** True while this server leads (its key is first and its lease confirmed recently). */
    public synchronized boolean isLeader() {
        return leading && leaseConfirmed();
    }

    /** The current term's token while leading, else 0. */
    public synchronized long token() {
        return leading ? token : 0;
    }

    private void join(long leaseId) {
        synchronized (this) {
            if (closed) {
                return;
            }
            lease = leaseId;
            token = 0;
        }
        queue.joinOn(prefix, candidate, keeper.ttl().toSeconds(), leaseId, false).whenComplete((ticket, failure) -> {
            if (failure != null) {
                // a lease that is gone is expected after a loss, until the keeper notices and grants the next one
                String why = dev.beacon.core.etcd.EtcdErrors.unwrap(failure).getMessage();
                if (Leases.isGone(failure)) {
                    log.info("campaign in {} on lease {} failed ({}); retrying", prefix, Long.toHexString(leaseId), why);
                } else {
                    log.warn("campaign in {} on lease {} failed ({}); retrying", prefix, Long.toHexString(leaseId), why);
                }
                queue.etcd.scheduler().schedule(() -> rejoin(leaseId), 1, TimeUnit.SECONDS);
                return;
            }
            synchronized (this) {
                if (lease == leaseId && !closed) {
                    token = ticket.token();
                }
            }
            reevaluate();
        });
    }

    private void rejoin(long leaseId) {
        synchronized (this) {
            if (closed || lease != leaseId) {
                return;
            }
        }
        join(leaseId);
    }

    private void lost(long leaseId) {
        synchronized (this) {
            if (lease == leaseId) {
                lease = 0;
                token = 0;
            }
        }
        reevaluate();
    }

    private void reevaluate() {
        try {
            queue.mirror.runSerially(this::evaluate);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the mirror is closed: the server is stopping
        }
    }

    /** Runs on the mirror's serial thread. */
    @Override
    public void onChanges(List<ChangeEvent> changes, long revision) {
        for (ChangeEvent e : changes) {
            if (e.key().startsWith(prefix)) {
                evaluate();
                return;
            }
        }
    }

    /** Runs on the mirror's serial thread, where the mirror's state is one consistent revision. */
    private void evaluate() {
        long rejoinOn = 0;
        synchronized (this) {
            boolean first = false;
            if (!closed && token != 0 && queue.mirror.revision() >= token) {
                String mine = prefix + Long.toHexString(lease);
                boolean present = false;
                int ahead = 0;
                for (Entry e : queue.mirror.list(prefix)) {
                    if (e.key().equals(mine) && e.createRevision() == token) {
                        present = true;
                    } else if (e.createRevision() < token) {
                        ahead++;
                    }
                }
                if (!present) {
                    log.warn("the candidate key {} of this server is gone; campaigning again", mine);
                    token = 0;
                    rejoinOn = lease;
                }
                first = present && ahead == 0;
            }
            boolean lead = first && leaseConfirmed();
            if (lead != leading) {
                leading = lead;
                long term = token;
                log.info("{} {} in {}", candidate, lead ? "leads (token " + term + ")" : "no longer leads", prefix);
                callbacks.execute(lead ? () -> listener.onElected(term) : listener::onRevoked);
            }
        }
        if (rejoinOn != 0) {
            join(rejoinOn);
        }
    }

    private boolean leaseConfirmed() {
        long since = keeper.millisSinceAlive();
        return keeper.leaseId() != 0 && since >= 0 && since < keeper.ttl().toMillis() * 5 / 6;
    }

    /** Resigns: deletes this server's key (waiting up to the request timeout) and stops campaigning. */
    @Override
    public void close() {
        long key;
        long term;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            key = lease;
            term = token;
            if (leading) {
                leading = false;
                callbacks.execute(listener::onRevoked);
            }
        }
        supervisor.cancel(false);
        queue.mirror.removeListener(this);
        if (key != 0 && term != 0) {
            String mine = prefix + Long.toHexString(key);
            try {
                queue.etcd.await("resign from " + prefix, () -> queue.etcd.client().getKVClient().txn()
                        .If(new Cmp(of(mine), Cmp.Op.EQUAL, CmpTarget.createRevision(term)))
                        .Then(Op.delete(of(mine), DeleteOption.DEFAULT))
                        .commit());
            } catch (BeaconException e) {
                log.info("could not resign from {} ({}); the key goes with the server's lease", prefix, e.getMessage());
            }
        }
    }
}
