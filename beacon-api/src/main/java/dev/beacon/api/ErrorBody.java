package dev.beacon.api;

/**
 * The JSON body of every error: {@code {"error": "...", "code": "...", "hint": "..."}}.
 * {@code hint} says what to check and may be null (then it is left out of the JSON).
 */
public record ErrorBody(String error, String code, String hint) {
    public ErrorBody(String error, ErrorCode code) {
        this(error, code.name(), null);
    }
}
