package dev.beacon.api;

/**
 * One change of one item, as kept under {@code /beacon/history/...} and answered by
 * {@code GET .../{key}/history}. {@code op} is {@code PUT} or {@code DELETE}; {@code value} is null for a
 * DELETE. {@code updatedBy} and {@code comment} are null for a change made outside Beacon; its
 * {@code updatedAt} is then the time a Beacon server recorded it.
 */
public record HistoryRecord(long modRevision, long version, String value, String op, String updatedAt,
                            String updatedBy, String comment) {
}
