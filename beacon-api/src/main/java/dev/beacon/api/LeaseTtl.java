package dev.beacon.api;

/**
 * Answer of {@code GET /api/v1/leases/{id}}: the lease's id (decimal, as a string: ids are 64-bit and would be
 * rounded by JavaScript), the seconds it still lives unless kept alive, and the TTL it was granted with.
 */
public record LeaseTtl(String id, long ttl, long grantedTtl) {
}
