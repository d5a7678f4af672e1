package dev.beacon.core;

import dev.beacon.api.ErrorCode;

/**
 * The one exception core throws: a code from the contract, a message that says what went wrong,
 * and an optional hint that says what to check. The HTTP status is chosen by the server's
 * ErrorMapper, never here.
 */
public class BeaconException extends RuntimeException {
    private final ErrorCode code;
    private final String hint;
    private final transient Object detail;

    public BeaconException(ErrorCode code, String message) {
        this(code, message, null, null, null);
    }

    public BeaconException(ErrorCode code, String message, String hint) {
        this(code, message, hint, null, null);
    }

    public BeaconException(ErrorCode code, String message, String hint, Object detail, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.hint = hint;
        this.detail = detail;
    }

    public static BeaconException badRequest(String message) {
        return new BeaconException(ErrorCode.BAD_REQUEST, message);
    }

    public static BeaconException notFound(String message) {
        return new BeaconException(ErrorCode.NOT_FOUND, message);
    }

    public ErrorCode code() {
        return code;
    }

    public String hint() {
        return hint;
    }

    /** Extra data the boundary may show, e.g. the current item on a version conflict; may be null. */
    public Object detail() {
        return detail;
    }
}
