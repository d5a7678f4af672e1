package dev.beacon.core.registry;

import dev.beacon.core.Principal;
import dev.beacon.core.WriteSeam;
import dev.beacon.core.Written;
import dev.beacon.api.ErrorCode;
import dev.beacon.api.Instance;
import dev.beacon.api.InstanceEventType;
import dev.beacon.api.InstanceStatus;
import dev.beacon.api.StatusChange;
import dev.beacon.core.BeaconException;
import dev.beacon.core.StoredJson;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.keys.Names;
import dev.beacon.core.watch.Entry;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;

import java.time.Instant;
import java.util.Optional;

import static dev.beacon.core.etcd.Bytes.of;
import static dev.beacon.core.etcd.Bytes.str;

/**
 * An operator's status for an instance: DRAINING or OUT_OF_SERVICE keep it registered but out of
 * {@code healthy=true} answers; UP clears the override. Stored as the health record's {@code override}
 * (on the instance's lease, so it ends with the registration). Checks keep running underneath and
 * keep their own status; the checker and this class both write the health record by compare-and-set
 * on its mod revision, so neither loses the other's write. Blocks up to the request timeout per attempt.
 */
public final class StatusOverrides {
    private static final int ATTEMPTS = 5;
    private final EtcdConnection etcd;
    private final KeyLayout keys;
    private final Registry registry;
    private final InstanceEvents events;
    private final WriteSeam seam;

    public StatusOverrides(EtcdConnection etcd, KeyLayout keys, Registry registry, InstanceEvents events, WriteSeam seam) {
        this.etcd = etcd;
        this.seam = seam;
        this.keys = keys;
        this.registry = registry;
        this.events = events;
    }

    /** Sets (or with UP clears) the override; returns the instance as it is now. */
    public Written<Instance> set(String service, String id, StatusChange change, Principal who) {
        Names.requireName("service", service);
        Names.requireName("instance id", id);
        InstanceStatus status = parse(change);
        return seam.write(who, "registry.status", service + "/" + id, () -> set(service, id, status), Written::revision);
    }

    private Written<Instance> set(String service, String id, InstanceStatus status) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Entry> found = attempt == 0 ? registry.find(service, id) : registry.read(service, id);
            Entry instance = found.orElseThrow(() ->
                    BeaconException.notFound("instance " + id + " of service " + service + " is not registered"));
            String healthKey = keys.health(service, id);
            Optional<KeyValue> current = etcd.await("read health of " + service + "/" + id,
                    () -> etcd.client().getKVClient().get(of(healthKey))).getKvs().stream().findFirst();
            StoredHealth before = current.map(kv -> StoredJson.read(str(kv.getValue()), StoredHealth.class))
                    .orElse(new StoredHealth(InstanceStatus.UNKNOWN.name(), "no health record", null, Instant.now().toString(), null));
            StoredHealth after = before.withOverride(status == InstanceStatus.UP ? null : status.name());
            long eventLease = events.leaseNow();
            Cmp healthUnchanged = current.map(kv -> new Cmp(of(healthKey), Cmp.Op.EQUAL, CmpTarget.modRevision(kv.getModRevision())))
                    .orElse(new Cmp(of(healthKey), Cmp.Op.EQUAL, CmpTarget.version(0)));
            String detail = status == InstanceStatus.UP ? "override cleared: the checks decide again" : "set to " + status + " by an operator";
            TxnResponse txn = etcd.await("set the status of " + service + "/" + id, () -> etcd.client().getKVClient().txn()
                    .If(new Cmp(of(keys.instance(service, id)), Cmp.Op.EQUAL, CmpTarget.createRevision(instance.createRevision())),
                            healthUnchanged)
                    .Then(Op.put(of(healthKey), of(StoredJson.write(after)), PutOption.builder().withLeaseId(instance.lease()).build()),
                            events.put(service, id, InstanceEvents.newSuffix(), InstanceEventType.STATUS_SET, detail, 0, eventLease))
                    .commit());
            if (txn.isSucceeded()) {
                return new Written<>(InstanceViews.toApi(service, id, instance, after, null, null), txn.getHeader().getRevision());
            }
        }
        throw new BeaconException(ErrorCode.VERSION_CONFLICT, "instance " + id + " of service " + service
                + " changed " + ATTEMPTS + " times while its status was being set", "retry");
    }

    private static InstanceStatus parse(StatusChange change) {
        String text = change == null ? null : change.status();
        if (text == null || text.isEmpty()) {
            throw BeaconException.badRequest("status is missing; use UP, DRAINING or OUT_OF_SERVICE");
        }
        try {
            InstanceStatus s = InstanceStatus.valueOf(text);
            if (s.settable()) {
                return s;
            }
        } catch (IllegalArgumentException ignored) {
            // answered below
        }
        throw BeaconException.badRequest("status '" + text + "' cannot be set; use UP (clears the override), DRAINING or OUT_OF_SERVICE");
    }
}
