package dev.beacon.server.http;

import dev.beacon.api.ErrorBody;
import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/** The one table from {@link ErrorCode} to HTTP status, and the JSON error body every failure gets. */
public final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    public static int status(ErrorCode code) {
        return switch (code) {
            case BAD_REQUEST, INVALID_NAME, INVALID_VALUE -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND, NOT_REGISTERED, NO_SUCH_ENDPOINT -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case REVISION_MISMATCH, VERSION_CONFLICT, LOCK_HELD -> 409;
            case COMPACTED -> 410;
            case PAYLOAD_TOO_LARGE -> 413;
            case LIMIT_EXCEEDED -> 429;
            case ETCD_UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
    }

    public static void handle(BeaconException e, Context ctx) {
        if (e.code() == ErrorCode.INTERNAL) {
            log.error("request {} {} failed [{}]", ctx.method(), ctx.path(), RequestIds.of(ctx), e);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.put("code", e.code().name());
        if (e.hint() != null) {
            body.put("hint", e.hint());
        }
        if (e.detail() != null) {
            body.put("current", e.detail());
        }
        ctx.status(status(e.code())).json(body);
    }

    /** Javalin's own HTTP errors (e.g. its body size guard), in Beacon's shape. */
    public static void handle(HttpResponseException e, Context ctx) {
        ErrorCode code = switch (e.getStatus()) {
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 404 -> ErrorCode.NO_SUCH_ENDPOINT;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            default -> e.getStatus() >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
        };
        String message = code == ErrorCode.NO_SUCH_ENDPOINT
                ? "no endpoint " + ctx.method() + " " + ctx.path() + "; see docs/api.md" : e.getMessage();
        ctx.status(e.getStatus()).json(new ErrorBody(message, code));
    }

    public static void handleUnexpected(Exception e, Context ctx) {
        if (isMalformedEscape(e)) {
            // Jetty lets some escapes through (e.g. %u002F) that the router cannot decode into a path parameter
            ctx.status(400).json(new ErrorBody("the request path has a malformed percent-escape: use % followed by two hex "
                    + "digits (UTF-8 bytes), e.g. %2F", ErrorCode.BAD_REQUEST.name(), null));
            return;
        }
        log.error("request {} {} failed unexpectedly [{}]", ctx.method(), ctx.path(), RequestIds.of(ctx), e);
        ctx.status(500).json(new ErrorBody("internal error; the server log has details under request id " + RequestIds.of(ctx),
                ErrorCode.INTERNAL.name(), null));
    }

    /** An IllegalArgumentException thrown while URL-decoding the request path (by the router's path parameters). */
    private static boolean isMalformedEscape(Exception e) {
        if (!(e instanceof IllegalArgumentException)) {
            return false;
        }
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().equals("java.net.URLDecoder")) {
                return true;
            }
        }
        return false;
    }

    /** For a 404/405 that no handler answered: a JSON body instead of Jetty's page. */
    public static void noRoute(Context ctx) {
        String result = ctx.result();
        if (result != null && !result.isEmpty()) {
            return;
        }
        if (ctx.status().getCode() == 405) {
            ctx.json(new ErrorBody(ctx.method() + " is not allowed on " + ctx.path(), ErrorCode.METHOD_NOT_ALLOWED));
        } else {
            ctx.json(new ErrorBody("no endpoint " + ctx.method() + " " + ctx.path() + "; see docs/api.md", ErrorCode.NO_SUCH_ENDPOINT));
        }
    }
}
