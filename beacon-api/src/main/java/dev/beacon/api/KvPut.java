package dev.beacon.api;

/** Body of {@code PUT /api/v1/kv/{key}}: value, optional ttl in seconds (a lease), optional prevRevision (compare-and-set; 0 = must not exist). */
public record KvPut(String value, Long ttl, Long prevRevision) {
}
