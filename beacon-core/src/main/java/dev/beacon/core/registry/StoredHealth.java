package dev.beacon.core.registry;

import dev.beacon.api.InstanceStatus;

/**
 * The health JSON under {@code {root}/health/{service}/{id}}, on the instance's lease.
 *
 * @param status    UP, DOWN or UNKNOWN as the checks (or, without a check, the lease) say
 * @param output    what the last recorded probe saw; a human sentence
 * @param checkedAt when that probe ran (ISO-8601), null before the first result
 * @param since     when {@code status} took its current value (ISO-8601); deregisterAfter counts from it
 * @param override  DRAINING or OUT_OF_SERVICE when an operator set one, else null
 */
public record StoredHealth(String status, String output, String checkedAt, String since, String override) {
    public InstanceStatus checkStatus() {
        try {
            return status == null ? InstanceStatus.UNKNOWN : InstanceStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            return InstanceStatus.UNKNOWN;
        }
    }

    public StoredHealth withOverride(String newOverride) {
        return new StoredHealth(status, output, checkedAt, since, newOverride);
    }
}
