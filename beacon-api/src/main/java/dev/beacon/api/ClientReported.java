package dev.beacon.api;

/** Answer of a delivery report: the lease the report lives on (reuse it in the next report) and its ttl in seconds. */
public record ClientReported(String instanceId, long leaseId, long ttl) {
}
