package dev.beacon.server.auth;

import java.time.Duration;

/**
 * How the server authenticates. Auth is on as soon as an admin token is configured ({@code BEACON_ADMIN_TOKEN} or
 * {@code --admin-token-file}); off, every request is allowed, which the server accepts only on a loopback address
 * unless {@code insecure} says it is meant.
 *
 * @param adminToken    the built-in admin's token (never stored, never logged), or null for auth off
 * @param insecure      allow auth off on a non-loopback address (flagged on every start, in /ready and the console)
 * @param sessionTtl    how long a console login lasts
 * @param failureLimit  failed authentications one client address may make per {@code failureWindow} before it gets 429
 * @param failureWindow the window of {@code failureLimit}
 */
public record AuthSettings(String adminToken, boolean insecure, Duration sessionTtl, int failureLimit, Duration failureWindow) {
    /** Shortest admin token accepted: it is the one secret that opens everything. */
    public static final int MIN_ADMIN_TOKEN = 24;

    public AuthSettings {
        if (adminToken != null && adminToken.isBlank()) {
            adminToken = null;
        }
        if (adminToken != null && (adminToken.length() < MIN_ADMIN_TOKEN || adminToken.chars().anyMatch(c -> c <= 0x20 || c == 0x7f))) {
            throw new IllegalArgumentException("the admin token must be at least " + MIN_ADMIN_TOKEN
                    + " printable characters without spaces (e.g. openssl rand -base64 32)");
        }
        if (sessionTtl == null || sessionTtl.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("the console session ttl must be at least 1m, got " + sessionTtl);
        }
        if (failureLimit < 1) {
            throw new IllegalArgumentException("the failed-authentication limit must be at least 1, got " + failureLimit);
        }
        if (failureWindow == null || failureWindow.isNegative() || failureWindow.isZero()) {
            throw new IllegalArgumentException("the failed-authentication window must be positive, got " + failureWindow);
        }
    }

    public static AuthSettings defaults() {
        return new AuthSettings(null, false, Duration.ofHours(8), 20, Duration.ofMinutes(1));
    }

    public boolean enabled() {
        return adminToken != null;
    }

    public AuthSettings withAdminToken(String token) {
        return new AuthSettings(token, insecure, sessionTtl, failureLimit, failureWindow);
    }

    public AuthSettings withInsecure(boolean value) {
        return new AuthSettings(adminToken, value, sessionTtl, failureLimit, failureWindow);
    }

    public AuthSettings withFailureLimit(int limit, Duration window) {
        return new AuthSettings(adminToken, insecure, sessionTtl, limit, window);
    }

    public AuthSettings withSessionTtl(Duration ttl) {
        return new AuthSettings(adminToken, insecure, ttl, failureLimit, failureWindow);
    }

    /** Never shows the admin token. */
    @Override
    public String toString() {
        return "AuthSettings[auth=" + (enabled() ? "on" : "off") + ", insecure=" + insecure + ", sessionTtl=" + sessionTtl
                + ", failureLimit=" + failureLimit + "/" + failureWindow + "]";
    }
}
