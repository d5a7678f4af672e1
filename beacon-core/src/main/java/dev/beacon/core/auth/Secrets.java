package dev.beacon.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random secrets and their hashes. Secrets carry 256 random bits from {@link SecureRandom}, so a plain SHA-256
 * is a safe one-way hash for them (no password stretching needed); hashes are compared in constant time.
 */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Secrets() {
    }

    /** 32 random bytes, base64url without padding (43 characters). */
    public static String secret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }

    /** An id of 16 lower-case hex digits (64 random bits): a name, not a secret. */
    public static String id() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** {@code sha256:} and the base64url SHA-256 of {@code text}. */
    public static String hash(String text) {
        return "sha256:" + B64.encodeToString(digest(text));
    }

    /** Whether {@code text} hashes to {@code expectedHash}, compared in constant time. */
    public static boolean matches(String text, String expectedHash) {
        if (expectedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(hash(text).getBytes(StandardCharsets.US_ASCII), expectedHash.getBytes(StandardCharsets.US_ASCII));
    }

    /** Constant-time equality of two strings (e.g. a configured admin token and a presented one). */
    public static boolean same(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(digest(a), digest(b));
    }

    /** A value derived one way from {@code secret} for {@code purpose} (e.g. a CSRF token from a session secret). */
    public static String derive(String purpose, String secret) {
        return B64.encodeToString(digest(purpose + "\0" + secret));
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
