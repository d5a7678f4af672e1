package dev.beacon.core.auth;

import java.util.regex.Pattern;

/**
 * A presented secret of the form {@code <prefix>_<id>_<secret>}: the id finds the stored record, the secret is
 * checked against its hash. {@code bkn} for API tokens, {@code bks} for console session cookies.
 */
record Credential(String id, String secret) {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");

    static String format(String prefix, String id, String secret) {
        return prefix + "_" + id + "_" + secret;
    }

    /** The parts of {@code text}, or null when it is not a credential with this prefix. */
    static Credential parse(String prefix, String text) {
        if (text == null || text.length() != prefix.length() + 1 + 16 + 1 + 43 || !text.startsWith(prefix + "_")) {
            return null;
        }
        String id = text.substring(prefix.length() + 1, prefix.length() + 17);
        String secret = text.substring(prefix.length() + 18);
        if (text.charAt(prefix.length() + 17) != '_' || !ID.matcher(id).matches() || !SECRET.matcher(secret).matches()) {
            return null;
        }
        return new Credential(id, secret);
    }
}
