package dev.beacon.server.auth;

import dev.beacon.core.auth.ConsoleSessions;
import dev.beacon.core.auth.Tokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends the open streams (SSE, long polls, WebSocket connections) of credentials that ended: a revoked or expired
 * token, a console session logged out. Checks every open stream once a second against the root mirror, so a
 * revocation on any server closes the streams on every server within about a second of its mirror seeing it.
 *
 * <p>Threading: registrations from request threads; the check runs on the given scheduler and only reads the
 * mirror; closing is handed to the closer (which must not block long). {@link #close} stops the checks.
 */
final class StreamGuard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamGuard.class);
    /** A session created this recently may not be in this server's mirror yet. */
    private static final long SESSION_GRACE_MS = 5_000;

    /** One open stream and how to end it. */
    final class Held {
        final Access access;
        final Runnable closer;
        final long openedAt = System.currentTimeMillis();

        Held(Access access, Runnable closer) {
            this.access = access;
            this.closer = closer;
        }

        void release() {
            held.remove(this);
        }
    }

    private final Set<Held> held = ConcurrentHashMap.newKeySet();
    private final Tokens tokens;
    private final ConsoleSessions sessions;
    private final ScheduledFuture<?> checks;

    StreamGuard(Tokens tokens, ConsoleSessions sessions, ScheduledExecutorService scheduler) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.checks = scheduler.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    Held hold(Access access, Runnable closer) {
        Held h = new Held(access, closer);
        held.add(h);
        return h;
    }

    int size() {
        return held.size();
    }

    private void check() {
        try {
            long now = System.currentTimeMillis();
            for (Held h : held) {
                if (!stands(h, now)) {
                    held.remove(h);
                    log.info("closing a stream of {}: its credentials were revoked or expired", h.access.principal().name());
                    h.closer.run();
                }
            }
        } catch (RuntimeException e) {
            log.warn("checking open streams' credentials failed: {}", e.toString());
        }
    }

    private boolean stands(Held h, long now) {
        Access a = h.access;
        if (a.tokenId() != null && !tokens.stillValid(a.tokenId(), a.tokenRevision())) {
            return false;
        }
        return a.sessionId() == null || now - h.openedAt < SESSION_GRACE_MS || sessions.stillValid(a.sessionId());
    }

    @Override
    public void close() {
        checks.cancel(false);
    }
}
