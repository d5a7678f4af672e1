package dev.beacon.core.registry;

import dev.beacon.api.InstanceEvent;
import dev.beacon.api.InstanceEventType;
import dev.beacon.core.StoredJson;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.EtcdErrors;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.keys.Names;
import dev.beacon.core.watch.ChangeEvent;
import dev.beacon.core.watch.MirrorListener;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.PutOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import static dev.beacon.core.etcd.Bytes.of;
import static dev.beacon.core.etcd.Bytes.str;

/**
 * Each instance's history under {@code {root}/events/services/{service}/{id}/}: registered, check
 * passed/failed, status set, and every removal with its reason — "why did my instance vanish?".
 *
 * <p>Writers put events in the same etcd transaction as the change they describe (so a removal by
 * Beacon and its event are one revision). A removal Beacon did not make — a lease expiry, or a delete
 * outside Beacon — shows up in the root mirror as a DELETE of the instance key with no event; every
 * server's listener then records it with a create-if-absent transaction on the key
 * {@code removed-{createRevision of the instance key}}, the same key Beacon's own removals use, so each
 * registration's removal is recorded exactly once however many servers see it.
 *
 * <p>Bounded: events live on a shared retention lease (TTL = the retention) that is replaced every quarter
 * of the retention and never kept alive, so each event lives between 3/4 of the retention and all of it.
 * Not mirrored: the endpoint reads them from etcd.
 *
 * <p>Threading: the mirror listener only hands work to Beacon's executor; everything else is
 * asynchronous through {@link EtcdConnection#call} or blocks on a request thread ({@link #list}).
 */
public final class InstanceEvents implements MirrorListener {
    private static final Logger log = LoggerFactory.getLogger(InstanceEvents.class);
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** The JSON of one event in etcd. {@code revision} is 0 when it is the event key's own create revision. */
    record Stored(String type, String detail, String time, long revision, String server) {
    }

    private final EtcdConnection etcd;
    private final KeyLayout keys;
    private final String serverId;
    private final Duration retention;
    private CompletableFuture<Long> lease;
    private long leaseGrantedNanos;

    public InstanceEvents(EtcdConnection etcd, KeyLayout keys, String serverId, Duration retention) {
        this.etcd = etcd;
        this.keys = keys;
        this.serverId = serverId;
        this.retention = retention;
    }

    /** The current retention lease (granted on first use and every quarter of the retention after). */
    synchronized CompletableFuture<Long> lease() {
        long age = System.nanoTime() - leaseGrantedNanos;
        boolean stale = lease != null && lease.isDone() && age > retention.toNanos() / 4;
        if (lease == null || lease.isCompletedExceptionally() || stale) {
            leaseGrantedNanos = System.nanoTime();
            lease = etcd.call("grant the instance event lease",
                    () -> etcd.client().getLeaseClient().grant(retention.toSeconds())).thenApply(g -> g.getID());
        }
        return lease;
    }

    /** Forgets the current lease (e.g. etcd lost it), so the next write grants a new one. */
    synchronized void leaseLost() {
        lease = null;
    }

    /** Blocking form of {@link #lease()} for request threads. */
    long leaseNow() {
        return etcd.await("grant the instance event lease", this::lease);
    }

    /** A new event key suffix: time-ordered and unique. */
    static String newSuffix() {
        return String.format("%013d-%06x", System.currentTimeMillis(), ThreadLocalRandom.current().nextInt(1 << 24));
    }

    /** The one key under which the removal of the registration created at {@code createRevision} is recorded. */
    static String removalSuffix(long createRevision) {
        return "removed-" + String.format("%020d", createRevision);
    }

    /** The put of one event, for a transaction that makes the change it describes. */
    Op put(String service, String id, String suffix, InstanceEventType type, String detail, long revision, long leaseId) {
        String value = StoredJson.write(new Stored(type.name(), detail, Instant.now().toString(), revision, serverId));
        return Op.put(of(keys.instanceEvent(service, id, suffix)), of(value), PutOption.builder().withLeaseId(leaseId).build());
    }

    /** The instance's events, newest first, at most {@code limit}. Blocks up to the request timeout. */
    public List<InstanceEvent> list(String service, String id, int limit) {
        Names.requireName("service", service);
        Names.requireName("instance id", id);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw dev.beacon.core.BeaconException.badRequest("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        String prefix = keys.instanceEventsPrefix(service, id);
        List<KeyValue> kvs = etcd.await("read the events of " + service + "/" + id,
                () -> etcd.client().getKVClient().get(of(prefix), GetOption.builder().isPrefix(true).build())).getKvs();
        return kvs.stream().map(InstanceEvents::toApi).filter(e -> e != null)
                .sorted(Comparator.comparingLong(InstanceEvent::revision).reversed()).limit(limit).toList();
    }

    private static InstanceEvent toApi(KeyValue kv) {
        Stored s = StoredJson.read(str(kv.getValue()), Stored.class);
        if (s == null || s.type() == null) {
            return null;
        }
        boolean removal;
        try {
            removal = InstanceEventType.valueOf(s.type()).removal();
        } catch (IllegalArgumentException e) {
            removal = false;
        }
        long revision = s.revision() > 0 ? s.revision() : kv.getCreateRevision();
        return new InstanceEvent(s.type(), removal, s.detail(), s.time(), revision, s.server());
    }

    // ---- removals Beacon did not make ----

    @Override
    public void onChanges(List<ChangeEvent> changes, long revision) {
        for (ChangeEvent e : changes) {
            if (e.type() == ChangeEvent.Type.DELETE && e.previous() != null && e.key().startsWith(keys.servicesRoot())) {
                KeyLayout.InstanceKey k = keys.parseInstance(e.key());
                if (k != null && !k.health()) {
                    etcd.executor().execute(() -> recordRemoval(k, e));
                }
            }
        }
    }

    private void recordRemoval(KeyLayout.InstanceKey k, ChangeEvent e) {
        String suffix = removalSuffix(e.previous().createRevision());
        String eventKey = keys.instanceEvent(k.service(), k.id(), suffix);
        long instanceLease = e.previous().lease();
        etcd.call("check the removal event of " + e.key(),
                        () -> etcd.client().getKVClient().get(of(eventKey), GetOption.builder().withCountOnly(true).build()))
                .thenCompose(existing -> existing.getCount() > 0 ? CompletableFuture.completedFuture(false)
                        : removalType(instanceLease).thenCompose(type -> lease().thenCompose(eventLease ->
                        etcd.call("record the removal of " + e.key(), () -> etcd.client().getKVClient().txn()
                                .If(new Cmp(of(eventKey), Cmp.Op.EQUAL, CmpTarget.version(0)))
                                .Then(put(k.service(), k.id(), suffix, type, detail(type, e), e.revision(), eventLease))
                                .commit()).thenApply(t -> t.isSucceeded()))))
                .whenComplete((recorded, failure) -> {
                    if (failure != null) {
                        log.warn("could not record the removal of instance {}/{} at revision {}: {}", k.service(), k.id(),
                                e.revision(), EtcdErrors.unwrap(failure).getMessage());
                        if (String.valueOf(EtcdErrors.unwrap(failure).getMessage()).contains("lease")) {
                            leaseLost();
                        }
                    } else if (Boolean.TRUE.equals(recorded)) {
                        log.info("instance {}/{} was removed without a deregister (revision {})", k.service(), k.id(), e.revision());
                    }
                });
    }

    /** LEASE_EXPIRED when the instance's lease is gone, DELETED_BY_OPERATOR when the keys went while it lives. */
    private CompletableFuture<InstanceEventType> removalType(long leaseId) {
        if (leaseId == 0) {
            return CompletableFuture.completedFuture(InstanceEventType.DELETED_BY_OPERATOR);
        }
        return etcd.call("look up lease " + Long.toHexString(leaseId),
                        () -> etcd.client().getLeaseClient().timeToLive(leaseId, LeaseOption.DEFAULT))
                .thenApply(ttl -> ttl.getTTL() > 0 ? InstanceEventType.DELETED_BY_OPERATOR : InstanceEventType.LEASE_EXPIRED)
                .exceptionally(failure -> InstanceEventType.LEASE_EXPIRED);
    }

    private static String detail(InstanceEventType type, ChangeEvent e) {
        StoredInstance before = StoredJson.read(e.previous().value(), StoredInstance.class);
        String lease = Long.toHexString(e.previous().lease());
        if (type == InstanceEventType.LEASE_EXPIRED) {
            return "no heartbeat within the lease TTL" + (before == null ? "" : " of " + before.ttl() + "s")
                    + "; lease " + lease + " expired (or was revoked outside Beacon) and etcd removed the instance";
        }
        return "its key was deleted outside Beacon (e.g. etcdctl del) while lease " + lease + " was still alive";
    }
}
