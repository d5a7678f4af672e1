package dev.beacon.core.watch;

/** One key as the mirror holds it. {@code value} is the raw bytes as UTF-8 text. */
public record Entry(String key, String value, long createRevision, long modRevision, long version, long lease) {
}
