package dev.beacon.core.keys;

import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Validation of everything that becomes part of an etcd key. Each check throws
 * {@link BeaconException} with {@link ErrorCode#INVALID_NAME} and a message that says what is wrong.
 */
public final class Names {
    /** Longest raw key or config key, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 512;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private Names() {
    }

    /** A raw etcd key: non-empty, at most 512 bytes, no control characters. */
    public static String requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw invalid("key is missing or empty");
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw invalid("key is " + bytes + " bytes long; at most " + MAX_KEY_BYTES + " are allowed");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c)) {
                throw invalid("key contains a control character (U+" + String.format("%04X", (int) c) + ") at position " + i);
            }
        }
        return key;
    }

    /** A config key inside an app/profile: a raw key's rules, plus no {@code ..} segment and no leading or trailing slash. */
    public static String requireConfigKey(String key) {
        requireKey(key);
        if (key.startsWith("/") || key.endsWith("/") || key.contains("//")) {
            throw invalid("config key '" + key + "' must not start or end with '/' or contain '//'");
        }
        for (String segment : key.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw invalid("config key '" + key + "' must not contain a '.' or '..' segment");
            }
        }
        return key;
    }

    /** An app, profile, service, instance, lock, election or session name: {@code [A-Za-z0-9._-]{1,128}}. */
    public static String requireName(String kind, String value) {
        if (value == null || value.isEmpty()) {
            throw invalid(kind + " is missing or empty");
        }
        if (!NAME.matcher(value).matches()) {
            throw invalid(kind + " '" + printable(value) + "' is not valid: use 1 to 128 of A-Z a-z 0-9 . _ -");
        }
        if (value.equals(".") || value.equals("..")) {
            throw invalid(kind + " must not be '.' or '..'");
        }
        return value;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(140).forEach(c -> b.append(Character.isISOControl(c) ? "?" : Character.toString(c)));
        return b.toString();
    }

    private static BeaconException invalid(String message) {
        return new BeaconException(ErrorCode.INVALID_NAME, message);
    }
}
