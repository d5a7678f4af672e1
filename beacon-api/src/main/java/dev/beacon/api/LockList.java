package dev.beacon.api;

import java.util.List;

/** Answer of {@code GET /api/v1/locks}: every held lock, by name, at one revision. */
public record LockList(long revision, List<LockHolder> locks) {
}
