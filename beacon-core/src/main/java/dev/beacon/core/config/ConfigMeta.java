package dev.beacon.core.config;

import java.time.Instant;

/**
 * Beacon's metadata of one write, stored as JSON beside the value ({@code {root}/meta/config/...}) in the
 * same transaction. Both keys then carry the same mod revision, which is how a reader knows the metadata
 * belongs to the value it sees: metadata whose mod revision differs from the item's is stale (the value
 * was changed outside Beacon since). {@code op} is PUT, or DELETE for a delete's tombstone (kept until the
 * delete's history record is written).
 */
record ConfigMeta(String op, String updatedAt, String updatedBy, String comment) {
    static ConfigMeta put(String actor, String comment) {
        return new ConfigMeta("PUT", Instant.now().toString(), actor, comment);
    }

    static ConfigMeta delete(String actor, String comment) {
        return new ConfigMeta("DELETE", Instant.now().toString(), actor, comment);
    }

    boolean isDelete() {
        return "DELETE".equals(op);
    }
}
