package dev.beacon.api;

/**
 * One write as the audit trail keeps it under {@code /beacon/audit/...} and {@code GET /api/v1/audit} answers it.
 *
 * @param id       the record's id (its key under the audit root, sortable by time); a paging cursor
 * @param time     when the write ended, ISO-8601 UTC with microseconds
 * @param actor    who wrote
 * @param address  the client's address, or null for Beacon's own writes
 * @param action   what kind of write, e.g. {@code config.put}, {@code registry.register}, {@code kv.delete-prefix}
 * @param target   what it wrote, e.g. {@code shop/prod/db.url}, {@code orders/o-1}, a raw key
 * @param revision the etcd revision written (for a lock, its fencing token), or 0 when the write failed
 * @param result   {@code OK}, or the error code the write failed with (e.g. {@code VERSION_CONFLICT})
 */
public record AuditRecord(String id, String time, AuditActor actor, String address, String action, String target,
                          long revision, String result) {
    /** The same record with {@code id} (stored records leave it out: their key is their id). */
    public AuditRecord withId(String value) {
        return new AuditRecord(value, time, actor, address, action, target, revision, result);
    }
}
