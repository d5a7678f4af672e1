package dev.beacon.api;

/** Answer of {@code DELETE /api/v1/elections/{name}?leaseId=L}. */
public record Resigned(String name, long leaseId, boolean resigned) {
}
