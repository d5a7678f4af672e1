package dev.beacon.api;

import java.util.List;

/**
 * One page of {@code GET /api/v1/audit}, newest first. {@code next} is the cursor of the following (older) page —
 * pass it back as {@code ?before=} — or null when nothing older matches.
 */
public record AuditPage(List<AuditRecord> records, String next) {
}
