package dev.beacon.api;

/** Answer of {@code DELETE /api/v1/locks/{name}?token=T}. */
public record LockReleased(String name, long token, boolean released) {
}
