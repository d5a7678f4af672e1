package dev.beacon.core.coord;

import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.etcd.Leases;
import dev.beacon.core.watch.ChangeEvent;
import dev.beacon.core.watch.Entry;
import dev.beacon.core.watch.MirrorListener;
import dev.beacon.core.watch.PrefixMirror;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static dev.beacon.core.etcd.Bytes.of;
import static dev.beacon.core.etcd.Bytes.prefixEnd;

/**
 * The queue-on-leases recipe of etcd's {@code client/v3/concurrency} package (mutex.go, election.go),
 * shared by locks and elections. Each contender puts one key {@code {prefix}{leaseHex}} on a lease of its
 * own, create-if-absent, in one transaction that also counts the queue. Contenders are ordered by their
 * key's create revision; the first one holds the lock or leads the election. That create revision is the
 * contender's token: etcd's revision only grows, so whoever joins later gets a larger one.
 *
 * <p>Waiting: a contender that is not first waits ({@link QueueWait}) for the keys ahead of it to go. It
 * learns this from the server's root mirror, not from a watch of its own: this queue listens to the
 * mirror and re-checks the waiters of every queue a batch touched, on the mirror's serial thread, where
 * the mirror's state is one consistent revision. "First" is decided only once the mirror has reached the
 * contender's own revision and holds no key of the queue with a smaller create revision; keys created
 * later always have larger revisions, so that stays true for as long as the contender's key lives. A
 * stale mirror can delay an answer, never give a wrong one.
 *
 * <p>Threading: no method blocks. Results complete on Beacon's executor, never on the mirror's thread or
 * jetcd's. Lifecycle: created with its mirror; {@link #close()} stops listening and ends every wait.
 */
final class LeaseQueue implements MirrorListener, AutoCloseable {
    /**
     * A contender's place: its key, lease and token (its key's create revision), how many were ahead when it
     * joined, and when the lease's ttl last started counting at the latest (the grant's send time, by
     * {@link System#nanoTime()}).
     */
    record Ticket(String prefix, String key, long leaseId, long ttl, long token, int position, long renewedAtNanos) {
    }

    /** Where a contention ended: first (holds or leads), or not (with the number ahead), with the lease's ttl from now. */
    record Standing(Ticket ticket, boolean first, int position, long ttl) {
    }

    final EtcdConnection etcd;
    final PrefixMirror mirror;
    final Leases leases;
    private final String root;
    private final Map<String, Set<QueueWait>> waits = new ConcurrentHashMap<>();
    private volatile boolean ending;

    /** @param root the queues' root with its trailing slash, e.g. {@code /beacon/locks/}; each queue is {@code {root}{name}/} */
    LeaseQueue(EtcdConnection etcd, PrefixMirror mirror, String root) {
        this.etcd = etcd;
        this.mirror = mirror;
        this.leases = new Leases(etcd);
        this.root = root;
        mirror.addListener(this);
    }

    /** Grants a lease of {@code ttl} seconds and joins the queue under {@code prefix} on it. */
    CompletableFuture<Ticket> join(String prefix, String value, long ttl) {
        long sent = System.nanoTime();
        return leases.grant(ttl, "joining " + prefix).thenCompose(lease -> joinOn(prefix, value, ttl, lease, true))
                .thenApply(t -> new Ticket(t.prefix(), t.key(), t.leaseId(), t.ttl(), t.token(), t.position(), sent));
    }

    /**
     * Joins the queue with a key on an existing lease. Returns the ticket of the key already there when this
     * lease has joined before. When {@code revokeOnFailure}, a failed join revokes the lease.
     */
    CompletableFuture<Ticket> joinOn(String prefix, String value, long ttl, long leaseId, boolean revokeOnFailure) {
        String key = prefix + Long.toHexString(leaseId);
        ByteSequence k = of(key);
        GetOption count = GetOption.builder().withRange(prefixEnd(prefix)).withCountOnly(true).build();
        CompletableFuture<Ticket> joined = etcd.call("join " + prefix, () -> etcd.client().getKVClient().txn()
                        .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                        .Then(Op.put(k, of(value), PutOption.builder().withLeaseId(leaseId).build()), Op.get(of(prefix), count))
                        .Else(Op.get(k, GetOption.DEFAULT))
                        .commit())
                .thenApply(txn -> {
                    if (txn.isSucceeded()) {
                        long total = txn.getGetResponses().get(0).getCount();
                        return new Ticket(prefix, key, leaseId, ttl, txn.getHeader().getRevision(), (int) Math.max(0, total - 1),
                                System.nanoTime());
                    }
                    var existing = txn.getGetResponses().get(0).getKvs();
                    if (existing.isEmpty() || existing.get(0).getLease() != leaseId) {
                        throw new BeaconException(ErrorCode.INTERNAL, "key " + key + " exists on another lease");
                    }
                    // Already queued with this lease: its place is unchanged; the position is refreshed by the wait.
                    return new Ticket(prefix, key, leaseId, ttl, existing.get(0).getCreateRevision(), -1, System.nanoTime());
                });
        if (revokeOnFailure) {
            joined.whenComplete((ticket, failure) -> {
                if (failure != null) {
                    revoke(leaseId);
                }
            });
        }
        return joined;
    }

    /**
     * Joins and waits up to {@code waitMs} to come first. The queue keeps the lease alive while waiting.
     *
     * @param leaveUnlessFirst leave the queue (revoke the lease) when not first in time (locks); otherwise stay
     *                         queued and answer with the position (elections)
     */
    Pending<Standing> contend(String prefix, String value, long ttl, long waitMs, boolean leaveUnlessFirst) {
        Contention c = new Contention(this, waitMs, leaveUnlessFirst);
        join(prefix, value, ttl).whenComplete(c::joined);
        return c.pending();
    }

    /** Starts waiting for {@code ticket} to come first; {@code waitMs} &lt;= 0 waits without limit. */
    QueueWait await(Ticket ticket, long waitMs, boolean keepAlive) {
        QueueWait w = new QueueWait(this, ticket, waitMs, keepAlive);
        waits.computeIfAbsent(ticket.prefix(), p -> ConcurrentHashMap.newKeySet()).add(w);
        if (ending) { // checked after adding, as endWaits() sets the flag before it looks: one of the two ends it
            w.finish(QueueWait.Outcome.SHUTDOWN);
        }
        if (w.isDone()) {
            forget(w);
            return w;
        }
        recheck(w);
        return w;
    }

    /** Checks a wait against the mirror, on the mirror's serial thread. */
    void recheck(QueueWait w) {
        try {
            mirror.runSerially(() -> w.check(mirror.revision(), mirror.list(w.ticket.prefix())));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            w.cancel();
        }
    }

    void forget(QueueWait w) {
        waits.computeIfPresent(w.ticket.prefix(), (p, set) -> {
            set.remove(w);
            return set.isEmpty() ? null : set;
        });
    }

    CompletableFuture<Long> keepAlive(long leaseId) {
        return leases.keepAlive(leaseId);
    }

    CompletableFuture<Void> revoke(long leaseId) {
        return leases.revoke(leaseId);
    }

    /** The queue under {@code prefix} as the mirror holds it, first contender first. */
    List<Entry> queue(String prefix) {
        return sorted(mirror.list(prefix));
    }

    /** Every queue under the root with at least one contender, by name, each first contender first. */
    Map<String, List<Entry>> queues() {
        Map<String, List<Entry>> byName = new HashMap<>();
        for (Entry e : mirror.list(root)) {
            String name = KeyLayout.parseQueueName(root, e.key());
            if (name != null) {
                byName.computeIfAbsent(name, n -> new ArrayList<>()).add(e);
            }
        }
        byName.replaceAll((name, entries) -> sorted(entries));
        return byName;
    }

    static List<Entry> sorted(List<Entry> entries) {
        List<Entry> out = new ArrayList<>(entries);
        out.sort(Comparator.comparingLong(Entry::createRevision));
        return out;
    }

    /** Runs on the mirror's serial thread: re-checks the waiters of every queue this batch touched. */
    @Override
    public void onChanges(List<ChangeEvent> changes, long revision) {
        if (waits.isEmpty()) {
            return;
        }
        Set<String> touched = new java.util.HashSet<>();
        for (ChangeEvent e : changes) {
            String name = KeyLayout.parseQueueName(root, e.key());
            if (name != null) {
                touched.add(KeyLayout.queuePrefix(root, name));
            }
        }
        for (String prefix : touched) {
            Set<QueueWait> set = waits.get(prefix);
            if (set == null || set.isEmpty()) {
                continue;
            }
            List<Entry> queue = mirror.list(prefix);
            for (QueueWait w : set) {
                w.check(revision, queue);
            }
        }
    }

    /**
     * For the server's shutdown: every wait ends now as SHUTDOWN, and so does every wait that starts later (a
     * contender that comes first at once is still answered). Each contender leaves its queue (its lease is revoked,
     * as far as etcd is still reachable; otherwise it expires with its ttl, since nobody keeps it alive). Never blocks.
     */
    void endWaits() {
        ending = true;
        waits.values().forEach(set -> List.copyOf(set).forEach(w -> w.finish(QueueWait.Outcome.SHUTDOWN)));
    }

    /** Stops listening and ends every wait as {@link #endWaits} does. */
    @Override
    public void close() {
        mirror.removeListener(this);
        endWaits();
        waits.clear();
    }
}
