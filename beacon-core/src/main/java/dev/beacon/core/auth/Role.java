package dev.beacon.core.auth;

import dev.beacon.core.BeaconException;

import java.util.Locale;

/** What a token may do, each role including the ones below it: read ⊂ write ⊂ admin. */
public enum Role {
    /** Reads, long polls, event streams and WebSocket subscriptions (within its scopes). */
    READ,
    /** Also writes: config items, registrations, locks, elections, sessions (within its scopes). */
    WRITE,
    /** Everything: raw keys, tokens, backups, audit, export/import; never scoped. */
    ADMIN;

    public boolean includes(Role needed) {
        return ordinal() >= needed.ordinal();
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws BeaconException BAD_REQUEST for anything but admin, write or read */
    public static Role parse(String text) {
        if (text != null) {
            for (Role r : values()) {
                if (r.wire().equals(text)) {
                    return r;
                }
            }
        }
        throw BeaconException.badRequest("role must be admin, write or read, got " + (text == null ? "nothing" : "'" + text + "'"));
    }
}
