package dev.beacon.api;

/**
 * Body of {@code POST /api/v1/locks/{name}}.
 *
 * @param ttl    seconds the lock lives without a keep-alive (2–300); required
 * @param waitMs how long to queue for the lock when it is held (0 = try once; default 0)
 * @param owner  optional free text shown to others as the holder (e.g. host and pid), at most 256 characters
 */
public record LockRequest(Long ttl, Long waitMs, String owner) {
}
