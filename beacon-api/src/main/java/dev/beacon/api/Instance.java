package dev.beacon.api;

import java.util.List;
import java.util.Map;

/**
 * One registered instance as discovery shows it. {@code status} is one of {@link InstanceStatus};
 * {@code lastCheck} is null for an instance without an active check (or before its first result);
 * {@code checkedBy} names the Beacon server that runs its check. Times are ISO-8601.
 */
public record Instance(String id, String service, String address, int port, List<String> tags,
                       Map<String, String> metadata, String status, CheckResult lastCheck, String registeredAt,
                       long leaseId, long ttl, Check check, String checkedBy) {
}
