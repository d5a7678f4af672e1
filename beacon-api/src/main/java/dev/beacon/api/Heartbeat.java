package dev.beacon.api;

/** Answer of a heartbeat: the lease's TTL in seconds after the keep-alive. */
public record Heartbeat(long ttl) {
}
