package dev.beacon.client.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parsing of config values for the typed getters. Pure functions; a value that does not parse throws IllegalArgumentException. */
public final class Values {
    private Values() {
    }

    public static int toInt(String key, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw bad(key, v, "a whole number");
        }
    }

    public static long toLong(String key, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw bad(key, v, "a whole number");
        }
    }

    /** {@code true/false}, {@code yes/no}, {@code on/off}, {@code 1/0}, any case. */
    public static boolean toBoolean(String key, String v) {
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": case "1":
                return true;
            case "false": case "no": case "off": case "0":
                return false;
            default:
                throw bad(key, v, "true or false");
        }
    }

    /**
     * {@code 250ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 1d}, an ISO-8601 duration ({@code PT10S}), or a
     * plain number of milliseconds.
     */
    public static Duration toDuration(String key, String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p") || s.startsWith("-p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            String[][] units = {{"ms", "1"}, {"s", "1000"}, {"m", "60000"}, {"h", "3600000"}, {"d", "86400000"}};
            for (String[] u : units) {
                if (s.endsWith(u[0]) && !(u[0].equals("s") && s.endsWith("ms"))) {
                    String number = s.substring(0, s.length() - u[0].length()).trim();
                    return Duration.ofMillis(Math.multiplyExact(Long.parseLong(number), Long.parseLong(u[1])));
                }
            }
            return Duration.ofMillis(Long.parseLong(s));
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw bad(key, v, "a duration such as 500ms, 10s, 5m or PT10S");
        }
    }

    /** Comma-separated, each element trimmed, empty elements left out. */
    public static List<String> toList(String v) {
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
            String t = part.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    private static IllegalArgumentException bad(String key, String v, String expected) {
        return new IllegalArgumentException("config value of '" + key + "' is '" + v + "', expected " + expected);
    }
}
