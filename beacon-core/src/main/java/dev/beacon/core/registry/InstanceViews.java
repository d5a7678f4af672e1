package dev.beacon.core.registry;

import dev.beacon.api.CheckResult;
import dev.beacon.api.Instance;
import dev.beacon.api.InstanceStatus;
import dev.beacon.core.StoredJson;
import dev.beacon.core.watch.Entry;

import java.time.Instant;

/**
 * How an instance's two keys become the API's {@link Instance}. Status: an operator override
 * (DRAINING, OUT_OF_SERVICE) wins; an instance without a check is UP (its live lease is all there is to
 * know: a present instance key means a live lease, expiry deletes it); with a check, the health record's
 * UP/DOWN/UNKNOWN (UNKNOWN also when the record is missing).
 */
final class InstanceViews {
    private InstanceViews() {
    }

    /** The API view, or null when the stored instance JSON does not parse (written by hand). */
    static Instance toApi(String service, String id, Entry instance, StoredHealth health, CheckResult local, String checkedBy) {
        StoredInstance s = StoredJson.read(instance.value(), StoredInstance.class);
        return s == null ? null : toApi(service, id, s, instance.lease(), health, local, checkedBy);
    }

    static Instance toApi(String service, String id, StoredInstance s, long leaseId, StoredHealth health, CheckResult local,
                          String checkedBy) {
        CheckResult lastCheck = s.check() == null ? null : newest(local, stored(health));
        return new Instance(id, service, s.address(), s.port(), s.tags(), s.metadata(), status(s, health).name(),
                lastCheck, s.registeredAt(), leaseId, s.ttl(), s.check(), s.check() == null ? null : checkedBy);
    }

    /** The instance as it was when it was removed: status DOWN. */
    static Instance removed(Instance i) {
        return new Instance(i.id(), i.service(), i.address(), i.port(), i.tags(), i.metadata(), InstanceStatus.DOWN.name(),
                i.lastCheck(), i.registeredAt(), i.leaseId(), i.ttl(), i.check(), i.checkedBy());
    }

    static InstanceStatus status(StoredInstance s, StoredHealth health) {
        if (health != null && health.override() != null) {
            try {
                return InstanceStatus.valueOf(health.override());
            } catch (IllegalArgumentException ignored) {
                // an unknown override written by hand: fall back to the check
            }
        }
        if (s.check() == null) {
            return InstanceStatus.UP;
        }
        return health == null ? InstanceStatus.UNKNOWN : health.checkStatus();
    }

    private static CheckResult stored(StoredHealth h) {
        return h == null || h.checkedAt() == null ? null : new CheckResult(h.status(), h.output(), h.checkedAt());
    }

    private static CheckResult newest(CheckResult a, CheckResult b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        try {
            return Instant.parse(a.checkedAt()).isAfter(Instant.parse(b.checkedAt())) ? a : b;
        } catch (RuntimeException e) {
            return b;
        }
    }
}
