package dev.beacon.core;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the duration syntax used across the API, flags and CLI: {@code 500ms}, {@code 10s}, {@code 1m}, {@code 2h}, {@code 30d}. */
public final class Durations {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * @throws BeaconException BAD_REQUEST naming {@code what} when the text does not parse
     */
    public static Duration parse(String what, String text) {
        if (text == null || text.isBlank()) {
            throw BeaconException.badRequest(what + " is empty; use a duration such as 500ms, 10s or 1m");
        }
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw BeaconException.badRequest(what + " '" + text + "' is not a duration; use a number with ms, s, m, h or d, e.g. 500ms, 10s, 1m, 30d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** Formats as the shortest exact form of the same syntax. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
