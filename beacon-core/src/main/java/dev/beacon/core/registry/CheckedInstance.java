package dev.beacon.core.registry;

import java.util.concurrent.ScheduledFuture;

/**
 * One instance this server checks, and where its damping stands. Confined to the {@link HealthChecks}
 * engine thread: no field is touched anywhere else (probe threads only hand their outcome back).
 */
final class CheckedInstance {
    final String key;
    final String service;
    final String id;
    final long createRevision;
    final long modRevision;
    final CheckSpec spec;
    ScheduledFuture<?> ticks;
    boolean stopped;
    /** A probe is in flight: the next tick skips rather than pile up. */
    boolean running;
    /** A health write is in flight: results only update the latest result meanwhile. */
    boolean writing;
    /** A removal for deregisterAfter is in flight. */
    boolean removing;
    /** Consecutive results that disagree with the recorded status. */
    int streak;
    /** What this server last wrote, until the mirror shows it (the mirror may lag a write by a moment). */
    StoredHealth written;
    long writtenRevision;
    long lastWriteNanos;

    CheckedInstance(String key, String service, String id, long createRevision, long modRevision, CheckSpec spec) {
        this.key = key;
        this.service = service;
        this.id = id;
        this.createRevision = createRevision;
        this.modRevision = modRevision;
        this.spec = spec;
    }
}
