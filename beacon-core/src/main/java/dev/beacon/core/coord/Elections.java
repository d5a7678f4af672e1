package dev.beacon.core.coord;

import dev.beacon.core.Principal;
import dev.beacon.core.WriteSeam;
import dev.beacon.core.Written;
import dev.beacon.core.Read;
import dev.beacon.api.Candidacy;
import dev.beacon.api.ElectionList;
import dev.beacon.api.ErrorCode;
import dev.beacon.api.Leader;
import dev.beacon.api.Leadership;
import dev.beacon.api.Resigned;
import dev.beacon.core.BeaconException;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.LeaseKeeper;
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
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static dev.beacon.core.etcd.Bytes.of;
import static dev.beacon.core.etcd.Bytes.prefixEnd;
import static dev.beacon.core.etcd.Bytes.str;

/**
 * Leader elections, as etcd's own: each candidate of election {@code name} is a key
 * {@code {root}/elections/{name}/{leaseHex}} on the candidacy's lease, holding the candidate's name; the
 * key with the lowest create revision leads, the others queue in the order they campaigned (see
 * {@link LeaseQueue}). When the leader resigns or its lease expires, its key goes and the next candidate
 * leads. The leader's create revision is its leadership token (a fencing token, like a lock's).
 *
 * <p>For HTTP clients a candidacy has its own lease, which the client keeps alive ({@link #keepAlive});
 * Beacon's servers campaign on their own lease through {@link #latch} instead. {@link #campaign} never
 * blocks; {@link #keepAlive} and {@link #resign} block up to the request timeout; reads come from the mirror.
 */
public final class Elections implements AutoCloseable {
    private final EtcdConnection etcd;
    private final KeyLayout keys;
    private final WriteSeam seam;
    private final LeaseQueue queue;

    public Elections(EtcdConnection etcd, PrefixMirror mirror, KeyLayout keys, WriteSeam seam) {
        this.etcd = etcd;
        this.seam = seam;
        this.keys = keys;
        this.queue = new LeaseQueue(etcd, mirror, keys.electionsRoot());
    }

    /**
     * Campaigns in election {@code name} on a new lease of {@code ttl} seconds. Answers at once with the standing,
     * or, with {@code waitMs} &gt; 0, when the candidate leads or the wait passes; in both cases a candidate that
     * does not lead yet stays queued (keep its lease alive, or resign).
     */
    public Pending<Candidacy> campaign(String name, String candidate, Long ttl, Long waitMs, Principal who) {
        Names.requireName("election name", name);
        String label = CoordLimits.label("candidate", candidate, true);
        long seconds = CoordLimits.ttl(ttl);
        long wait = CoordLimits.waitMs(waitMs);
        return seam.writeLater(who, "elections.campaign", name,
                () -> queue.contend(keys.electionPrefix(name), label, seconds, wait, false).map(s -> candidacy(name, label, s)),
                Pending::result, Candidacy::token);
    }

    /**
     * Renews a candidacy's lease and tells where it stands.
     *
     * @throws BeaconException NOT_FOUND when {@code leaseId} is not a candidate of the election (resigned or expired)
     */
    public Candidacy keepAlive(String name, Long leaseId) {
        Names.requireName("election name", name);
        long lease = CoordLimits.positive("leaseId", leaseId);
        Entry mine = candidate(name, lease);
        long ttl;
        try {
            ttl = etcd.await("keep candidacy alive in " + name, () -> queue.keepAlive(lease));
        } catch (BeaconException e) {
            throw e.code() == ErrorCode.NOT_FOUND ? notCandidate(name, lease) : e;
        }
        int ahead = ahead(name, mine);
        return new Candidacy(name, mine.value(), lease, ttl, mine.createRevision(), ahead == 0, ahead);
    }

    /**
     * Ends a candidacy: its key is deleted and its lease revoked; if it led, the next candidate leads.
     *
     * @throws BeaconException NOT_FOUND when {@code leaseId} is not a candidate of the election
     */
    public Written<Resigned> resign(String name, Long leaseId, Principal who) {
        Names.requireName("election name", name);
        long lease = CoordLimits.positive("leaseId", leaseId);
        return seam.write(who, "elections.resign", name, () -> resign(name, lease), Written::revision);
    }

    private Written<Resigned> resign(String name, long lease) {
        Entry mine = candidate(name, lease);
        var txn = etcd.await("resign from " + name, () -> etcd.client().getKVClient().txn()
                .If(new Cmp(of(mine.key()), Cmp.Op.EQUAL, CmpTarget.createRevision(mine.createRevision())))
                .Then(Op.delete(of(mine.key()), DeleteOption.DEFAULT))
                .commit());
        if (!txn.isSucceeded()) {
            throw notCandidate(name, lease);
        }
        queue.revoke(lease);
        return new Written<>(new Resigned(name, lease, true), txn.getHeader().getRevision());
    }

    /** The election's leader and candidates as the mirror shows them; the leader is null when nobody campaigns. */
    public Read<Leadership> leadership(String name) {
        Names.requireName("election name", name);
        Read<List<Entry>> read = queue.mirror.read(() -> queue.queue(keys.electionPrefix(name)));
        return read.map(candidates -> toLeadership(name, candidates, read.revision()));
    }

    /** Every election with at least one candidate, by name. */
    public Read<ElectionList> list() {
        Read<Map<String, List<Entry>>> read = queue.mirror.read(() -> new TreeMap<>(queue.queues()));
        return read.map(all -> new ElectionList(read.revision(), all.entrySet().stream()
                .map(e -> toLeadership(e.getKey(), e.getValue(), read.revision())).toList()));
    }

    /** The key prefix under which election {@code name}'s candidates live (for streaming its changes). */
    public String prefix(String name) {
        return keys.electionPrefix(Names.requireName("election name", name));
    }

    /**
     * A tracker of election {@code name}'s leadership that turns the mirror's changes under {@link #prefix} into
     * leadership changes, seeded from the mirror on the mirror's thread; subscribe to those changes from its
     * {@link LeaderTracker#seededAt()} (see {@link LeaderTracker}). Completes on Beacon's executor.
     */
    public CompletableFuture<LeaderTracker> tracker(String name) {
        String prefix = prefix(name);
        PrefixMirror mirror = queue.mirror;
        return CompletableFuture.supplyAsync(() -> new LeaderTracker(name, mirror.list(prefix), mirror.revision()),
                        mirror::runSerially)
                .thenApplyAsync(tracker -> tracker, etcd.executor());
    }

    /**
     * Campaigns for this server in election {@code name} on the server's own lease, and keeps campaigning
     * after the lease is lost and re-granted; see {@link LeaderLatch}.
     */
    public LeaderLatch latch(String name, String candidate, LeaseKeeper keeper, LeaderLatch.Listener listener) {
        Names.requireName("election name", name);
        return LeaderLatch.start(queue, keys.electionPrefix(name), CoordLimits.label("candidate", candidate, true),
                keeper, listener);
    }

    static Leadership toLeadership(String name, List<Entry> candidates, long revision) {
        Leader leader = candidates.isEmpty() ? null
                : new Leader(candidates.get(0).value(), candidates.get(0).lease(), candidates.get(0).createRevision());
        return new Leadership(name, leader, candidates.size(), revision);
    }

    private static Candidacy candidacy(String name, String who, LeaseQueue.Standing s) {
        LeaseQueue.Ticket t = s.ticket();
        return new Candidacy(name, who, t.leaseId(), s.ttl(), t.token(), s.first(), s.position());
    }

    /** The candidate's key: from the mirror when it shows it, else from etcd (a fresh candidacy on another server). */
    private Entry candidate(String name, long lease) {
        String key = keys.electionKey(name, lease);
        var cached = queue.mirror.get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        var kvs = etcd.await("read candidacy in " + name, () -> etcd.client().getKVClient().get(of(key))).getKvs();
        if (kvs.isEmpty()) {
            throw notCandidate(name, lease);
        }
        return Entry.of(kvs.get(0));
    }

    /** How many candidates are ahead: from the mirror once it has seen this candidate, else from etcd. */
    private int ahead(String name, Entry mine) {
        String prefix = keys.electionPrefix(name);
        if (queue.mirror.revision() >= mine.createRevision() && queue.mirror.get(mine.key()).isPresent()) {
            return (int) queue.queue(prefix).stream().filter(e -> e.createRevision() < mine.createRevision()).count();
        }
        // etcd ignores the create-revision filter when counting only, so read the keys
        GetOption before = GetOption.builder().withRange(prefixEnd(prefix)).withKeysOnly(true)
                .withMaxCreateRevision(mine.createRevision() - 1).build();
        return etcd.await("read election " + name, () -> etcd.client().getKVClient().get(of(prefix), before)).getKvs().size();
    }

    private static BeaconException notCandidate(String name, long lease) {
        return new BeaconException(ErrorCode.NOT_FOUND, "lease " + lease + " is not a candidate in election " + name
                + " (it resigned or its lease expired)", "campaign again");
    }

    /**
     * For the server's shutdown drain: every campaign request waiting in a queue on this server is answered now with
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
