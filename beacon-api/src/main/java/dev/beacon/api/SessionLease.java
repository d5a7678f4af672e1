package dev.beacon.api;

/** Answer of {@code PUT /api/v1/sessions/{id}/touch}: the session lives {@code ttl} more seconds. */
public record SessionLease(String id, long leaseId, long ttl) {
}
