package dev.beacon.api;

/** One raw etcd key as the raw key API shows it. {@code value} is null when listed with keysOnly. */
public record KeyValue(String key, String value, long version, long createRevision, long modRevision, long lease) {
}
