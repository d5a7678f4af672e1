package dev.beacon.api;

/** Answer of {@code PUT /api/v1/kv/{key}}. */
public record KvWritten(String key, long modRevision) {
}
