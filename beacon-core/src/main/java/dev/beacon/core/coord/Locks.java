package dev.beacon.core.coord;

import dev.beacon.core.Principal;
import dev.beacon.core.WriteSeam;
import dev.beacon.core.Written;
import dev.beacon.core.Read;
import dev.beacon.api.ErrorCode;
import dev.beacon.api.LockGrant;
import dev.beacon.api.LockHolder;
import dev.beacon.api.LockList;
import dev.beacon.api.LockReleased;
import dev.beacon.core.BeaconException;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.keys.Names;
import dev.beacon.core.watch.Entry;
import dev.beacon.core.watch.PrefixMirror;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static dev.beacon.core.etcd.Bytes.of;
import static dev.beacon.core.etcd.Bytes.prefixEnd;

/**
 * Distributed locks with fencing tokens, as etcd's own lock: the contenders of lock {@code name} are keys
 * {@code {root}/locks/{name}/{leaseHex}}, each on a lease granted for that one acquisition with the
 * requested ttl; the key with the lowest create revision holds the lock, the others queue behind it in
 * the order they came (see {@link LeaseQueue}). The holder's create revision is the lock's fencing token.
 * Keys and order match etcd's {@code Lock} API, so a jetcd or etcdctl lock on {@code {root}/locks/{name}}
 * excludes Beacon's holders and the other way round.
 *
 * <p>{@link #acquire} never blocks; {@link #release} and {@link #keepAlive} block up to the request timeout.
 * Reads ({@link #holder}, {@link #list}) come from the mirror.
 */
public final class Locks implements AutoCloseable {
    private final EtcdConnection etcd;
    private final KeyLayout keys;
    private final LeaseQueue queue;
    private final WriteSeam seam;

    public Locks(EtcdConnection etcd, PrefixMirror mirror, KeyLayout keys, WriteSeam seam) {
        this.etcd = etcd;
        this.seam = seam;
        this.keys = keys;
        this.queue = new LeaseQueue(etcd, mirror, keys.locksRoot());
    }

    /**
     * Acquires lock {@code name} on a new lease of {@code ttl} seconds, waiting up to {@code waitMs} in the queue
     * (0 = try once). Validates first and throws {@link BeaconException} at once on bad input; the result fails
     * with LOCK_HELD when the lock was not acquired in time (the contender has left the queue by then).
     */
    public Pending<LockGrant> acquire(String name, Long ttl, Long waitMs, String owner, Principal who) {
        Names.requireName("lock name", name);
        long seconds = CoordLimits.ttl(ttl);
        long wait = CoordLimits.waitMs(waitMs);
        String label = CoordLimits.label("owner", owner, false);
        return seam.writeLater(who, "locks.acquire", name, () -> queue.contend(keys.lockPrefix(name), label, seconds, wait, true).map(standing -> {
            if (!standing.first()) {
                throw held(name, wait);
            }
            LeaseQueue.Ticket t = standing.ticket();
            return new LockGrant(name, t.token(), t.leaseId(), standing.ttl());
        }), Pending::result, LockGrant::token);
    }

    /**
     * Renews the lease of the holder with {@code token}.
     *
     * @throws BeaconException LOCK_HELD when {@code token} does not hold the lock (released, or its lease expired)
     */
    public LockGrant keepAlive(String name, Long token) {
        Names.requireName("lock name", name);
        long t = CoordLimits.positive("token", token);
        Entry holder = holderWith(name, t);
        try {
            long ttl = etcd.await("keep lock " + name + " alive", () -> queue.keepAlive(holder.lease()));
            return new LockGrant(name, t, holder.lease(), ttl);
        } catch (BeaconException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw new BeaconException(ErrorCode.LOCK_HELD, "token " + t + " no longer holds lock " + name + ": its lease expired",
                        "acquire the lock again; keep it alive more often than its ttl");
            }
            throw e;
        }
    }

    /**
     * Releases the lock held with {@code token}: its key is deleted (only if it is still that holder's) and its
     * lease revoked; the next contender in the queue gets the lock.
     *
     * @throws BeaconException LOCK_HELD when {@code token} does not hold the lock
     */
    public Written<LockReleased> release(String name, Long token, Principal who) {
        Names.requireName("lock name", name);
        long t = CoordLimits.positive("token", token);
        return seam.write(who, "locks.release", name, () -> release(name, t), Written::revision);
    }

    private Written<LockReleased> release(String name, long t) {
        Entry holder = holderWith(name, t);
        var txn = etcd.await("release lock " + name, () -> etcd.client().getKVClient().txn()
                .If(new Cmp(of(holder.key()), Cmp.Op.EQUAL, CmpTarget.createRevision(t)))
                .Then(Op.delete(of(holder.key()), DeleteOption.DEFAULT))
                .commit());
        if (!txn.isSucceeded()) {
            throw notHolder(name, t);
        }
        if (holder.lease() != 0) {
            queue.revoke(holder.lease());
        }
        return new Written<>(new LockReleased(name, t, true), txn.getHeader().getRevision());
    }

    /** The holder of {@code name} as the mirror shows it; empty when nobody holds it. */
    public Read<Optional<LockHolder>> holder(String name) {
        Names.requireName("lock name", name);
        return queue.mirror.read(() -> toHolder(name, queue.queue(keys.lockPrefix(name))));
    }

    /** Every held lock, by name. */
    public Read<LockList> list() {
        Read<List<LockHolder>> read = queue.mirror.read(() -> new TreeMap<>(queue.queues()).entrySet().stream()
                .flatMap(e -> toHolder(e.getKey(), e.getValue()).stream()).toList());
        return read.map(holders -> new LockList(read.revision(), holders));
    }

    private static Optional<LockHolder> toHolder(String name, List<Entry> contenders) {
        if (contenders.isEmpty()) {
            return Optional.empty();
        }
        Entry first = contenders.get(0);
        return Optional.of(new LockHolder(name, first.createRevision(), first.lease(), first.value(), contenders.size() - 1));
    }

    /**
     * The holder's key when {@code token} holds the lock. The mirror is trusted only when it says yes (a lagging
     * mirror may not show a fresh holder yet, never a wrong one with the same token); otherwise etcd decides.
     */
    private Entry holderWith(String name, long token) {
        List<Entry> contenders = queue.queue(keys.lockPrefix(name));
        if (!contenders.isEmpty() && contenders.get(0).createRevision() == token) {
            return contenders.get(0);
        }
        String prefix = keys.lockPrefix(name);
        GetOption first = GetOption.builder().withRange(prefixEnd(prefix)).withSortField(GetOption.SortTarget.CREATE)
                .withSortOrder(GetOption.SortOrder.ASCEND).withLimit(1).build();
        var kvs = etcd.await("read lock " + name, () -> etcd.client().getKVClient().get(of(prefix), first)).getKvs();
        if (kvs.isEmpty() || kvs.get(0).getCreateRevision() != token) {
            throw notHolder(name, token);
        }
        var kv = kvs.get(0);
        return Entry.of(kv);
    }

    private BeaconException notHolder(String name, long token) {
        return new BeaconException(ErrorCode.LOCK_HELD, "token " + token + " does not hold lock " + name
                + " (it was released, its lease expired, or another holder has it)",
                "stop using the protected resource with this token; acquire the lock again");
    }

    private BeaconException held(String name, long waitMs) {
        String who = holder(name).value().map(h -> " by token " + h.token() + (h.owner().isEmpty() ? "" : " (" + h.owner() + ")")).orElse("");
        return new BeaconException(ErrorCode.LOCK_HELD, "lock " + name + " is held" + who
                + (waitMs == 0 ? "" : "; not acquired within " + waitMs + " ms"),
                waitMs == 0 ? "retry later, or queue for it with waitMs" : "retry, or wait longer with a larger waitMs");
    }

    /**
     * For the server's shutdown drain: every lock request waiting in a queue on this server is answered now with
     * ETCD_UNAVAILABLE ("shutting down", retry on another server) and leaves the queue; so is every one that would
     * have to wait from now on. Never blocks.
     */
    public void endWaits() {
        queue.endWaits();
    }

    @Override
    public void close() {
        queue.close();
    }
}
