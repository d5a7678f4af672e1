package dev.beacon.api;

/** Answer of a registration: the instance's address in the registry, the lease it lives on (TTL in seconds), and the revision written. */
public record Registered(String id, String service, long leaseId, long ttl, long revision) {
}
