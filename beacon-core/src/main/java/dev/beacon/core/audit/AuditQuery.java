package dev.beacon.core.audit;

import dev.beacon.api.AuditRecord;
import dev.beacon.core.BeaconException;
import dev.beacon.core.Durations;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * What {@code GET /api/v1/audit} asks for: filters (each optional) and a page. Validated at the door
 * ({@link #of}); a bad parameter is a BAD_REQUEST naming it.
 *
 * <ul>
 *   <li>{@code target}, {@code action}: exact, or a prefix when ending in {@code *} ({@code config.*}, {@code shop/prod/*})</li>
 *   <li>{@code actor}: the actor's name or token id, exactly</li>
 *   <li>{@code since}: an ISO-8601 instant ({@code 2026-12-01T00:00:00Z}) or a duration back from now ({@code 1h}, {@code 7d})</li>
 *   <li>{@code cursor}: the {@code next} of the previous page: only records older than it</li>
 * </ul>
 */
public record AuditQuery(String target, String actor, String action, Instant since, String cursor, int limit) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    static final Pattern ID = Pattern.compile("\\d{17}-[0-9a-f]{12}");
    private static final int MAX_FILTER = 1024;

    /** Parses and validates the query parameters (null = absent). @throws BeaconException BAD_REQUEST */
    public static AuditQuery of(String target, String actor, String action, String since, String cursor, String limit) {
        return new AuditQuery(filter("target", target), filter("actor", actor), filter("action", action),
                since(since), cursor(cursor), limit(limit));
    }

    boolean matches(AuditRecord r) {
        return like(target, r.target()) && like(action, r.action())
                && (actor == null || r.actor() != null && (actor.equals(r.actor().name()) || actor.equals(r.actor().tokenId())));
    }

    private static boolean like(String pattern, String value) {
        if (pattern == null) {
            return true;
        }
        if (value == null) {
            return false;
        }
        return pattern.endsWith("*") ? value.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(value);
    }

    private static String filter(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > MAX_FILTER || value.chars().anyMatch(Character::isISOControl)) {
            throw BeaconException.badRequest(name + " must be at most " + MAX_FILTER + " characters without control characters");
        }
        return value;
    }

    private static Instant since(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (Character.isDigit(value.charAt(0)) && !value.contains("T")) {
            return Instant.now().minus(Durations.parse("since", value));
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw BeaconException.badRequest("since '" + value + "' is neither an ISO-8601 instant (2026-12-01T00:00:00Z) "
                    + "nor a duration back from now (1h, 7d)");
        }
    }

    private static String cursor(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!ID.matcher(value).matches()) {
            throw BeaconException.badRequest("cursor '" + value + "' is not one this server gave out; pass the 'next' of the previous page");
        }
        return value;
    }

    private static int limit(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw BeaconException.badRequest("limit must be a number from 1 to " + MAX_LIMIT + ", got '" + value + "'");
    }
}
