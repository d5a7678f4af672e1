package dev.beacon.core.auth;

import dev.beacon.core.BeaconException;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One thing a token may touch: {@code family:glob}, e.g. {@code config:orders/*}, {@code config:*}{@code /prod},
 * {@code services:payments}, {@code locks:nightly-*}, {@code elections:*}, {@code sessions:*}, {@code kv:/app/*}.
 * The glob is matched against the whole target: {@code app/profile} for config, the service name for services,
 * the name or id for locks, elections and sessions, the etcd key for kv. {@code *} matches any run of characters
 * ({@code /} included), {@code ?} one character; everything else matches itself.
 */
public record Scope(String family, String glob) {
    public static final List<String> FAMILIES = List.of("config", "services", "locks", "elections", "sessions", "kv");
    private static final int MAX = 256;

    public Scope {
        if (!FAMILIES.contains(family)) {
            throw BeaconException.badRequest("scope family must be one of " + FAMILIES + ", got '" + family + "'");
        }
        if (glob == null || glob.isEmpty() || glob.length() > MAX || glob.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw BeaconException.badRequest("a scope's glob must be 1 to " + MAX + " printable characters, e.g. config:orders/*");
        }
    }

    /** @throws BeaconException BAD_REQUEST naming the scope that does not parse */
    public static Scope parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0) {
            throw BeaconException.badRequest("a scope is family:glob (family one of " + FAMILIES + "), e.g. config:orders/*; got '"
                    + text + "'");
        }
        return new Scope(text.substring(0, colon), text.substring(colon + 1));
    }

    /** Whether this scope covers {@code target} of {@code family}. */
    public boolean covers(String family, String target) {
        return this.family.equals(family) && target != null && pattern().matcher(target).matches();
    }

    /** Whether this scope covers every target of its family (its glob is {@code *}). */
    public boolean wholeFamily() {
        return glob.equals("*");
    }

    private Pattern pattern() {
        StringBuilder b = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    b.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                b.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            b.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(b.toString(), Pattern.DOTALL);
    }

    @Override
    public String toString() {
        return family + ":" + glob;
    }
}
