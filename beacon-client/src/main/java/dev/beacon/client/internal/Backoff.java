package dev.beacon.client.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of {@code min(max, base * 2^n)},
 * so many clients that lost the same server do not come back in step. Immutable and thread-safe.
 */
public record Backoff(Duration base, Duration max) {
    public static final Backoff RECONNECT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));

    public Backoff {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= max, got " + base + ", " + max);
        }
    }

    /** The ceiling of attempt {@code attempt} (0-based), before jitter. */
    public long ceilingMillis(int attempt) {
        long ceiling = base.toMillis() << Math.min(Math.max(attempt, 0), 20);
        return Math.min(max.toMillis(), ceiling);
    }

    /** The delay before attempt {@code attempt} (0-based): uniformly in [ceiling/2, ceiling]. */
    public long delayMillis(int attempt) {
        long ceiling = ceilingMillis(attempt);
        long half = ceiling / 2;
        return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
    }
}
