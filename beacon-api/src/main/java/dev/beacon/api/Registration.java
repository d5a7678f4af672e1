package dev.beacon.api;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code PUT /api/v1/services/{service}/instances/{id}}. {@code ttl} is the lease TTL in seconds
 * (default 10, 2–300); {@code leaseId} attaches the instance to an existing lease instead (one lease for
 * all of a process's instances). Boxed fields: a missing one is null and answered with a clear 400.
 */
public record Registration(String address, Integer port, List<String> tags, Map<String, String> metadata,
                           Long ttl, Check check, Long leaseId) {
}
