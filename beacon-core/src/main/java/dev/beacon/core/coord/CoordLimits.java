package dev.beacon.core.coord;

import dev.beacon.core.BeaconException;

/** The ranges every coordination request is checked against, at the door, before anything is sent to etcd. */
public final class CoordLimits {
    /** Shortest lease etcd grants, in seconds. */
    public static final long MIN_TTL = 2;
    public static final long MAX_TTL = 300;
    /** Longest a lock or campaign request may wait, in milliseconds (5 minutes). */
    public static final long MAX_WAIT_MS = 300_000;
    /** Longest owner or candidate text, in characters. */
    public static final int MAX_LABEL = 256;
    /** Default limit of a session's data, in bytes of JSON. */
    public static final int DEFAULT_SESSION_BYTES = 64 * 1024;

    private CoordLimits() {
    }

    /** @throws BeaconException BAD_REQUEST when missing or outside {@link #MIN_TTL}..{@link #MAX_TTL} */
    public static long ttl(Long ttl) {
        if (ttl == null) {
            throw BeaconException.badRequest("ttl is missing; give the lease time in seconds (" + MIN_TTL + " to " + MAX_TTL + ")");
        }
        if (ttl < MIN_TTL || ttl > MAX_TTL) {
            throw BeaconException.badRequest("ttl must be between " + MIN_TTL + " and " + MAX_TTL + " seconds, got " + ttl);
        }
        return ttl;
    }

    /** Absent means 0 (try once). @throws BeaconException BAD_REQUEST when negative or over {@link #MAX_WAIT_MS} */
    public static long waitMs(Long waitMs) {
        if (waitMs == null) {
            return 0;
        }
        if (waitMs < 0 || waitMs > MAX_WAIT_MS) {
            throw BeaconException.badRequest("waitMs must be between 0 and " + MAX_WAIT_MS + " milliseconds, got " + waitMs);
        }
        return waitMs;
    }

    /** Owner or candidate text: optional unless {@code required}; at most {@link #MAX_LABEL} characters, no control characters. */
    public static String label(String what, String text, boolean required) {
        if (text == null || text.isEmpty()) {
            if (required) {
                throw BeaconException.badRequest(what + " is missing or empty");
            }
            return "";
        }
        if (text.length() > MAX_LABEL) {
            throw BeaconException.badRequest(what + " is " + text.length() + " characters long; at most " + MAX_LABEL + " are allowed");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw BeaconException.badRequest(what + " contains a control character at position " + i);
            }
        }
        return text;
    }

    /** A lock token or lease id given back by a client: present and positive. */
    public static long positive(String what, Long value) {
        if (value == null) {
            throw BeaconException.badRequest(what + " is missing");
        }
        if (value <= 0) {
            throw BeaconException.badRequest(what + " must be a positive number, got " + value);
        }
        return value;
    }
}
