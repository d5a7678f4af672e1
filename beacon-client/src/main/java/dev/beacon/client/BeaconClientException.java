package dev.beacon.client;

import dev.beacon.api.ErrorCode;

/**
 * The one exception of the SDK. A server's error answer keeps its {@link ErrorCode}, HTTP status, message and
 * hint; when no server answered at all, {@link #code()} is null, {@link #status()} 0 and {@link #kind()}
 * {@link Kind#UNAVAILABLE}. {@link #kind()} sorts every failure into the few classes a caller (or the CLI's exit
 * codes) acts on.
 */
public final class BeaconClientException extends RuntimeException {
    /** What a caller acts on. */
    public enum Kind {
        /** The key, item, instance, lock or session does not exist (404). */
        NOT_FOUND,
        /** A compare failed: version or revision mismatch, lock held by another (409). */
        CONFLICT,
        /** No server answered, or the server could not reach etcd (503). */
        UNAVAILABLE,
        /** The token is missing, invalid, or not allowed to do this (401, 403). */
        UNAUTHORIZED,
        /** The request was refused as malformed (400, 413, 429...). */
        BAD_REQUEST,
        /** Anything else (a server bug, an unexpected answer). */
        OTHER
    }

    private final ErrorCode code;
    private final int status;
    private final String hint;

    public BeaconClientException(ErrorCode code, int status, String message, String hint, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.status = status;
        this.hint = hint;
    }

    /** No server answered: every one failed or the deadline passed. */
    public static BeaconClientException unavailable(String message, Throwable cause) {
        return new BeaconClientException(null, 0, message, "check that a Beacon server runs at one of the configured URLs", cause);
    }

    /** The API's error code, or null when no server answered. */
    public ErrorCode code() {
        return code;
    }

    /** The HTTP status, or 0 when no server answered. */
    public int status() {
        return status;
    }

    /** What to check, as the server (or the SDK) suggests; may be null. */
    public String hint() {
        return hint;
    }

    public Kind kind() {
        if (code == null) {
            return Kind.UNAVAILABLE;
        }
        switch (code) {
            case NOT_FOUND:
            case NOT_REGISTERED:
                return Kind.NOT_FOUND;
            case VERSION_CONFLICT:
            case REVISION_MISMATCH:
            case LOCK_HELD:
                return Kind.CONFLICT;
            case ETCD_UNAVAILABLE:
                return Kind.UNAVAILABLE;
            case UNAUTHORIZED:
            case FORBIDDEN:
                return Kind.UNAUTHORIZED;
            case BAD_REQUEST:
            case INVALID_NAME:
            case INVALID_VALUE:
            case PAYLOAD_TOO_LARGE:
            case LIMIT_EXCEEDED:
                return Kind.BAD_REQUEST;
            default:
                return Kind.OTHER;
        }
    }

    @Override
    public String toString() {
        return "BeaconClientException[" + (code == null ? "no server answered" : code + " " + status) + "]: " + getMessage()
                + (hint == null ? "" : " (" + hint + ")");
    }
}
