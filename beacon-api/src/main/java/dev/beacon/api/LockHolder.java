package dev.beacon.api;

/**
 * Who holds a lock: its token, lease and owner text, and how many contenders queue behind it.
 * Answer of {@code GET /api/v1/locks/{name}} and one entry of {@link LockList}.
 */
public record LockHolder(String name, long token, long leaseId, String owner, int waiters) {
}
