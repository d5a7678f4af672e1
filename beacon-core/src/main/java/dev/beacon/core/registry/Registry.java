package dev.beacon.core.registry;

import dev.beacon.core.Principal;
import dev.beacon.core.WriteSeam;
import dev.beacon.api.ErrorCode;
import dev.beacon.api.Heartbeat;
import dev.beacon.api.InstanceEventType;
import dev.beacon.api.InstanceStatus;
import dev.beacon.api.Registered;
import dev.beacon.api.Registration;
import dev.beacon.api.SeedRegistration;
import dev.beacon.core.BeaconException;
import dev.beacon.core.StoredJson;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.Leases;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.keys.Names;
import dev.beacon.core.watch.Entry;
import dev.beacon.core.watch.PrefixMirror;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import static dev.beacon.core.etcd.Bytes.of;

/**
 * Registering, heartbeating and removing instances. An instance is two keys on its lease, written in
 * one transaction: {@code {root}/services/{service}/{id}} (what it is) and {@code {root}/health/{service}/{id}}
 * (how it is). A heartbeat is one keep-alive of the lease — answered from memory when etcd renewed the lease
 * recently (within half its TTL, at most 5 s), with the keep-alive following right after ({@link LeaseBeats}); expiry removes both
 * keys with no server action.
 *
 * <p>Every method validates first (nothing is written on bad input), then blocks up to the request
 * timeout and throws {@link BeaconException}; call from a request thread or a probe thread, never a
 * jetcd or mirror thread. Lookups read the root mirror first and etcd when the mirror does not (yet) hold
 * the instance.
 */
public final class Registry {
    private final EtcdConnection etcd;
    private final PrefixMirror mirror;
    private final KeyLayout keys;
    private final InstanceEvents events;
    private final Leases leases;
    private final LeaseBeats beats;
    private final WriteSeam seam;

    public Registry(EtcdConnection etcd, PrefixMirror mirror, KeyLayout keys, InstanceEvents events, WriteSeam seam) {
        this.etcd = etcd;
        this.seam = seam;
        this.mirror = mirror;
        this.keys = keys;
        this.events = events;
        this.leases = new Leases(etcd);
        this.beats = new LeaseBeats(leases, etcd.scheduler());
    }

    /**
     * Registers (or re-registers) an instance. Re-registering keeps the instance's lease when it is alive and
     * has the asked TTL; {@code leaseId} attaches to an existing lease instead (404 NOT_REGISTERED if gone).
     * An operator's status override survives re-registration, and so does the check status when the check
     * is unchanged.
     */
    public Registered register(String service, String id, Registration registration, Principal who) {
        RegistrationRules.Valid v = RegistrationRules.validate(service, id, registration);
        return seam.write(who, "registry.register", service + "/" + id, () -> register(v, false), Registered::revision);
    }

    private Registered register(RegistrationRules.Valid v, boolean retry) {
        String service = v.service();
        String id = v.id();
        // the mirror may not hold a registration acknowledged a moment ago: ask etcd when it has none
        Optional<Entry> existing = find(service, id);
        long eventLease = events.leaseNow();
        LeaseChoice lease = chooseLease(v, existing.orElse(null));
        try {
            long revision = writeRegistration(v, lease, existing.orElse(null), eventLease);
            existing.filter(e -> e.lease() != 0 && e.lease() != lease.id).ifPresent(e -> leases.revokeIfUnused(e.lease()));
            return new Registered(id, service, lease.id, lease.ttl, revision);
        } catch (BeaconException e) {
            if (lease.granted) {
                leases.revoke(lease.id);
            }
            if (e.code() == ErrorCode.NOT_FOUND) {
                events.leaseLost(); // in case it was the event lease that etcd no longer has
            }
            if (e.code() == ErrorCode.NOT_FOUND && !retry && v.leaseId() == null) {
                return register(v, true); // the reused lease (or the event lease) expired meanwhile: once more
            }
            if (e.code() == ErrorCode.NOT_FOUND && v.leaseId() != null) {
                throw leaseGone(v.leaseId());
            }
            throw e;
        }
    }

    /** The seed's {@code POST /v1/registry/register}: the id defaults to one made of address and port. */
    public Registered register(SeedRegistration seed, Principal who) {
        if (seed == null) {
            throw BeaconException.badRequest("the registration body is missing");
        }
        Names.requireName("service", seed.service());
        String id = seed.id();
        if (id == null || id.isEmpty()) {
            RegistrationRules.validate(seed.service(), "generated", seed.registration());
            id = RegistrationRules.generatedId(seed.address(), seed.port());
        }
        return register(seed.service(), id, seed.registration(), who);
    }

    /** One keep-alive of the instance's lease. @throws BeaconException NOT_REGISTERED once it expired or was removed */
    public Heartbeat heartbeat(String service, String id) {
        Names.requireName("service", service);
        Names.requireName("instance id", id);
        Entry entry = find(service, id).orElseThrow(() -> notRegistered(service, id, "it was never registered, was removed, or its lease expired"));
        if (entry.lease() != 0 && mirror.isCurrent()) {
            long recent = beats.beat(entry.lease()); // renewed by etcd recently: no round trip now
            if (recent > 0) {
                return new Heartbeat(recent);
            }
        }
        long lease = entry.lease();
        long ttl = lease == 0 ? -1 : ttlOrGone(lease);
        if (ttl < 0) {
            // the mirror may still hold a re-registered instance's old lease: ask etcd before giving up
            beats.forget(lease);
            Optional<Entry> fresh = read(service, id).filter(e -> e.lease() != 0 && e.lease() != entry.lease());
            lease = fresh.map(Entry::lease).orElse(0L);
            ttl = fresh.isPresent() ? ttlOrGone(lease) : -1;
        }
        if (ttl < 0) {
            throw notRegistered(service, id, "its lease " + Long.toHexString(entry.lease()) + " expired");
        }
        beats.renewed(lease, ttl);
        return new Heartbeat(ttl);
    }

    /** Removes an instance at a client's request; returns the revision of the removal. @throws BeaconException NOT_FOUND */
    public long deregister(String service, String id, Principal who) {
        Names.requireName("service", service);
        Names.requireName("instance id", id);
        return seam.write(who, "registry.deregister", service + "/" + id,
                () -> remove(service, id, InstanceEventType.DEREGISTERED, "deregistered by " + who.name(), 0));
    }

    /**
     * Removes an instance and records why, in one transaction, then revokes its lease unless other instances
     * share it. With {@code createRevision} &gt; 0 only that registration is removed (a newer one stays).
     *
     * @return the revision of the removal
     * @throws BeaconException NOT_FOUND when the instance (that registration of it) is not there
     */
    long remove(String service, String id, InstanceEventType type, String detail, long createRevision) {
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<Entry> found = attempt == 0 ? find(service, id) : read(service, id);
            if (found.isEmpty() || (createRevision > 0 && found.get().createRevision() != createRevision)) {
                break;
            }
            Entry entry = found.get();
            long eventLease = events.leaseNow();
            String instanceKey = keys.instance(service, id);
            TxnResponse txn = etcd.await("remove instance " + service + "/" + id, () -> etcd.client().getKVClient().txn()
                    .If(new Cmp(of(instanceKey), Cmp.Op.EQUAL, CmpTarget.createRevision(entry.createRevision())))
                    .Then(Op.delete(of(instanceKey), DeleteOption.DEFAULT),
                            Op.delete(of(keys.health(service, id)), DeleteOption.DEFAULT),
                            events.put(service, id, InstanceEvents.removalSuffix(entry.createRevision()), type, detail, 0, eventLease))
                    .commit());
            if (txn.isSucceeded()) {
                beats.forget(entry.lease());
                leases.revokeIfUnused(entry.lease());
                return txn.getHeader().getRevision();
            }
        }
        throw BeaconException.notFound("instance " + id + " of service " + service + " is not registered");
    }

    /**
     * One keep-alive, waited for on this (request) thread: the lease's TTL afterwards, or -1 when it no longer
     * exists (expired or revoked). @throws BeaconException ETCD_UNAVAILABLE when etcd does not answer in time
     */
    private long ttlOrGone(long leaseId) {
        try {
            return etcd.await("keep lease " + Long.toHexString(leaseId) + " alive", () -> leases.keepAlive(leaseId));
        } catch (BeaconException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return -1;
            }
            throw e;
        }
    }

    /** The instance key as the mirror holds it, else as etcd does. */
    Optional<Entry> find(String service, String id) {
        Optional<Entry> inMirror = mirror.get(keys.instance(service, id));
        return inMirror.isPresent() ? inMirror : read(service, id);
    }

    Optional<Entry> read(String service, String id) {
        String key = keys.instance(service, id);
        var kvs = etcd.await("read instance " + service + "/" + id, () -> etcd.client().getKVClient().get(of(key))).getKvs();
        return kvs.stream().findFirst().map(Entry::of);
    }

    private record LeaseChoice(long id, long ttl, boolean granted) {
    }

    private LeaseChoice chooseLease(RegistrationRules.Valid v, Entry existing) {
        if (v.leaseId() != null) {
            long ttl = ttlOrGone(v.leaseId());
            if (ttl < 0) {
                throw leaseGone(v.leaseId());
            }
            return new LeaseChoice(v.leaseId(), ttl, false);
        }
        if (existing != null && existing.lease() != 0) {
            StoredInstance before = StoredJson.read(existing.value(), StoredInstance.class);
            if (before != null && before.ttl() == v.ttl()) {
                long ttl = ttlOrGone(existing.lease());
                if (ttl > 0) {
                    return new LeaseChoice(existing.lease(), v.ttl(), false);
                }
            }
        }
        return new LeaseChoice(etcd.await("grant a lease of " + v.ttl() + "s", () -> leases.grant(v.ttl(), "instance")), v.ttl(), true);
    }

    private long writeRegistration(RegistrationRules.Valid v, LeaseChoice lease, Entry existing, long eventLease) {
        StoredInstance before = existing == null ? null : StoredJson.read(existing.value(), StoredInstance.class);
        String now = Instant.now().toString();
        var check = v.check() == null ? null : v.check().normalized();
        StoredInstance instance = new StoredInstance(v.id(), v.service(), v.address(), v.port(), v.tags(), v.metadata(),
                check, lease.ttl, before != null ? before.registeredAt() : now);
        StoredHealth health = health(v, before, check, now);
        PutOption onLease = PutOption.builder().withLeaseId(lease.id).build();
        String detail = "at " + v.address() + ":" + v.port() + (lease.granted ? " on new lease " : " on lease ")
                + Long.toHexString(lease.id) + (check == null ? ", no active check" : ", check " + v.check().target());
        TxnResponse txn = etcd.await("register instance " + v.service() + "/" + v.id(), () -> etcd.client().getKVClient().txn()
                .Then(Op.put(of(keys.instance(v.service(), v.id())), of(StoredJson.write(instance)), onLease),
                        Op.put(of(keys.health(v.service(), v.id())), of(StoredJson.write(health)), onLease),
                        events.put(v.service(), v.id(), InstanceEvents.newSuffix(), InstanceEventType.REGISTERED, detail, 0, eventLease))
                .commit());
        return txn.getHeader().getRevision();
    }

    /** A fresh health record, keeping the operator's override, and the check status when the check is unchanged. */
    private StoredHealth health(RegistrationRules.Valid v, StoredInstance before, dev.beacon.api.Check check, String now) {
        StoredHealth old = before == null ? null
                : mirror.get(keys.health(v.service(), v.id())).map(e -> StoredJson.read(e.value(), StoredHealth.class)).orElse(null);
        if (old != null && Objects.equals(before.check(), check)) {
            return old;
        }
        String override = old == null ? null : old.override();
        return check == null
                ? new StoredHealth(InstanceStatus.UP.name(), "no active check: up while its lease is kept alive", null, now, override)
                : new StoredHealth(InstanceStatus.UNKNOWN.name(), "waiting for the first check", null, now, override);
    }

    private static BeaconException notRegistered(String service, String id, String why) {
        return new BeaconException(ErrorCode.NOT_REGISTERED, "instance " + id + " of service " + service + " is not registered: " + why,
                "register it again (PUT /api/v1/services/" + service + "/instances/" + id + ")");
    }

    private static BeaconException leaseGone(long leaseId) {
        return new BeaconException(ErrorCode.NOT_REGISTERED, "lease " + leaseId + " does not exist (expired or revoked)",
                "register without leaseId to get a new lease, then attach the other instances to it");
    }
}
