package dev.beacon.server.http;

import dev.beacon.api.Headers;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Request ids (echoed {@code X-Request-Id}, or generated), W3C trace context ({@code traceparent} continued or
 * started, answered with {@code traceparent} and {@code X-Trace-Id}), and the one access log line per request.
 *
 * <p>The ids are put in the logging MDC ({@code traceId}, {@code spanId}, {@code requestId}) on the request's
 * thread before the handler runs, so every line the handler logs on that thread carries them; the access log
 * line sets them again itself, as it may run on another thread once an asynchronous answer completes.
 */
public final class RequestIds {
    private static final Logger access = LoggerFactory.getLogger("beacon.access");
    private static final String ATTRIBUTE = "beacon.requestId";
    private static final String TRACE = "beacon.trace";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /** Before every request: take the caller's ids when they are sane, else make them; echo them; fill the MDC. */
    public static void assign(Context ctx) {
        String given = ctx.header(Headers.REQUEST_ID);
        String id = given != null && SAFE.matcher(given).matches() ? given
                : Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        TraceContext trace = TraceContext.continueFrom(ctx.header(Headers.TRACEPARENT));
        ctx.attribute(ATTRIBUTE, id);
        ctx.attribute(TRACE, trace);
        ctx.header(Headers.REQUEST_ID, id);
        ctx.header(Headers.TRACEPARENT, trace.header());
        ctx.header(Headers.TRACE_ID, trace.traceId());
        putMdc(id, trace);
    }

    public static String of(Context ctx) {
        Object id = ctx.attribute(ATTRIBUTE);
        return id == null ? "-" : id.toString();
    }

    /** The request's trace context; null before {@link #assign} ran. */
    public static TraceContext trace(Context ctx) {
        return ctx.attribute(TRACE);
    }

    /**
     * The access log line: method, path, status, duration, request id, client address; the trace id comes with the
     * MDC (text logs end the line with {@code trace=<id>}, JSON logs carry {@code mdc.traceId}).
     */
    public static void log(Context ctx, Float millis) {
        TraceContext trace = trace(ctx);
        putMdc(of(ctx), trace);
        try {
            access.info("{} {} {} {}ms id={} from={}", ctx.method(), ctx.path(), ctx.status().getCode(),
                    String.format("%.1f", millis), of(ctx), ctx.ip());
        } finally {
            clearMdc();
        }
    }

    /** After the handler: the thread goes back to the pool without this request's ids. */
    public static void clear(Context ctx) {
        clearMdc();
    }

    private static void putMdc(String id, TraceContext trace) {
        MDC.put("requestId", id);
        if (trace != null) {
            MDC.put("traceId", trace.traceId());
            MDC.put("spanId", trace.spanId());
        }
    }

    private static void clearMdc() {
        MDC.remove("requestId");
        MDC.remove("traceId");
        MDC.remove("spanId");
    }
}
