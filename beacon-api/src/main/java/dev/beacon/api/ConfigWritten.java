package dev.beacon.api;

/** Answer of a batch write or an import: how many items were written, all at {@code revision}. */
public record ConfigWritten(String app, String profile, long revision, int written) {
}
