package dev.beacon.api;

/**
 * One configuration item: its address, raw value and versions. {@code version} is etcd's per-key
 * version (1 on creation, +1 per write), {@code modRevision} the etcd revision of its last change (what
 * {@code If-Match} compares). {@code updatedAt} (ISO-8601), {@code updatedBy} and {@code comment} come from
 * Beacon's metadata beside the value; they are null when the value was last changed outside Beacon
 * (e.g. with etcdctl). In a change event for a deleted item, {@code value} is null and {@code version} 0.
 */
public record Item(String app, String profile, String key, String value, long version, long modRevision,
                   String updatedAt, String updatedBy, String comment) {
}
