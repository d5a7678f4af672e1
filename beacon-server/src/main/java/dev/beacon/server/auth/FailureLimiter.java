package dev.beacon.server.auth;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed authentications per client address in fixed windows; an address past the limit is refused (429)
 * until its window ends, whatever it presents, so guessing gains nothing from retrying. Per server, in memory.
 * Thread-safe; never blocks.
 */
final class FailureLimiter {
    private static final int MAX_ADDRESSES = 100_000;

    private record Window(long startMillis, int failures) {
    }

    private final int limit;
    private final long windowMillis;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    FailureLimiter(int limit, Duration window) {
        this.limit = limit;
        this.windowMillis = window.toMillis();
    }

    /** Seconds until {@code address} may try again; 0 when it may now. */
    long blockedFor(String address) {
        Window w = windows.get(address);
        long now = System.currentTimeMillis();
        if (w == null || now - w.startMillis() >= windowMillis || w.failures() < limit) {
            return 0;
        }
        return Math.max(1, (w.startMillis() + windowMillis - now + 999) / 1000);
    }

    void failed(String address) {
        long now = System.currentTimeMillis();
        if (windows.size() > MAX_ADDRESSES) {
            windows.values().removeIf(w -> now - w.startMillis() >= windowMillis);
        }
        windows.compute(address, (a, w) -> w == null || now - w.startMillis() >= windowMillis ? new Window(now, 1)
                : new Window(w.startMillis(), w.failures() + 1));
    }
}
