package dev.beacon.server.http;

import dev.beacon.api.Headers;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Request ids (echoed {@code X-Request-Id}, or generated) and the one access log line per request. */
public final class RequestIds {
    private static final Logger access = LoggerFactory.getLogger("beacon.access");
    private static final String ATTRIBUTE = "beacon.requestId";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /** Before every request: take the caller's id when it is sane, else make one; echo it. */
    public static void assign(Context ctx) {
        String given = ctx.header(Headers.REQUEST_ID);
        String id = given != null && SAFE.matcher(given).matches() ? given
                : Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(Headers.REQUEST_ID, id);
    }

    public static String of(Context ctx) {
        Object id = ctx.attribute(ATTRIBUTE);
        return id == null ? "-" : id.toString();
    }

    /** The access log line: method, path, status, duration, request id, client address. */
    public static void log(Context ctx, Float millis) {
        access.info("{} {} {} {}ms id={} from={}", ctx.method(), ctx.path(), ctx.status().getCode(),
                String.format("%.1f", millis), of(ctx), ctx.ip());
    }
}
