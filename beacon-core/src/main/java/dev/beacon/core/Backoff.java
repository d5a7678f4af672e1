package dev.beacon.core;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for retrying etcd while it is away: the first delay is {@code initial}, each
 * next one doubles up to {@code max}, and each gets up to half again at random so that many servers retrying at
 * once spread out. Not thread-safe: each retry loop owns one (the mirror's serial thread, the history recorder's).
 */
public final class Backoff {
    private final long initialMs;
    private final long maxMs;
    private int failures;

    public Backoff(long initialMs, long maxMs) {
        if (initialMs <= 0 || maxMs < initialMs) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initialMs + ", " + maxMs);
        }
        this.initialMs = initialMs;
        this.maxMs = maxMs;
    }

    /** The delay before the next try, counting one more failure. */
    public long nextDelayMs() {
        long base = Math.min(maxMs, initialMs << Math.min(failures, 30));
        failures++;
        return base + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    /** Failures since the last success. */
    public int failures() {
        return failures;
    }

    /** After a success: the next failure starts from the initial delay again. */
    public void reset() {
        failures = 0;
    }
}
