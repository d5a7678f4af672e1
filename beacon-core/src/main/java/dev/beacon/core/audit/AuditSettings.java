package dev.beacon.core.audit;

import java.time.Duration;

/**
 * How long the audit trail keeps records, and how often each server prunes older ones. Immutable.
 *
 * @param retention     records older than this are deleted ({@code --audit-retention}); positive
 * @param pruneInterval how often a server deletes the records past the retention; positive
 */
public record AuditSettings(Duration retention, Duration pruneInterval) {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    public static final Duration DEFAULT_PRUNE_INTERVAL = Duration.ofMinutes(5);

    public AuditSettings {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("--audit-retention must be positive, got " + retention);
        }
        if (pruneInterval == null || pruneInterval.isNegative() || pruneInterval.isZero()) {
            throw new IllegalArgumentException("the audit prune interval must be positive, got " + pruneInterval);
        }
    }

    public static AuditSettings defaults() {
        return new AuditSettings(DEFAULT_RETENTION, DEFAULT_PRUNE_INTERVAL);
    }

    /** Keeps records for {@code value}, pruning at the default interval (or the retention, when shorter). */
    public static AuditSettings retaining(Duration value) {
        return new AuditSettings(value, value != null && value.compareTo(DEFAULT_PRUNE_INTERVAL) < 0 ? value : DEFAULT_PRUNE_INTERVAL);
    }
}
