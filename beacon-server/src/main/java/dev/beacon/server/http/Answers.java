package dev.beacon.server.http;

import dev.beacon.api.Headers;
import dev.beacon.core.Read;
import io.javalin.http.Context;

import java.util.Locale;

/**
 * The one place that turns core answers into response headers: {@code X-Beacon-Revision} (the etcd revision
 * the body reflects: a long poll or stream from it hears of every later change) and {@code X-Beacon-Stale}
 * (served from memory while the mirror has lost etcd). Handlers answer reads with {@link #read} and writes
 * with {@link #written}.
 */
public final class Answers {
    private Answers() {
    }

    /**
     * Before every request: every text this server answers is UTF-8 and says so. With the encoding set first,
     * each content type set later (JSON of any media type, documents, SSE, errors, static files) gets
     * {@code ;charset=utf-8} and Javalin encodes string results with it (without it Jetty falls back to
     * ISO-8859-1 for media types it does not know, such as Spring Cloud Config's v2 JSON).
     */
    public static void inUtf8(Context ctx) {
        ctx.res().setCharacterEncoding("UTF-8");
    }

    /** A binary answer (no text, so no charset): undoes {@link #inUtf8} for this response and sets {@code mediaType}. */
    public static void binary(Context ctx, String mediaType) {
        ctx.res().setCharacterEncoding(null);
        ctx.res().setContentType(mediaType);
    }

    /**
     * After every request: a text answer whose media type Jetty writes without a charset (JSON: RFC 8259 has
     * no charset parameter, but clients such as Spring's decode by it) gets {@code ;charset=utf-8} declared.
     */
    public static void declareUtf8(Context ctx) {
        var res = ctx.res();
        String type = res.getContentType();
        if (type == null || res.isCommitted() || type.toLowerCase(Locale.ROOT).contains("charset=")) {
            return;
        }
        String media = type.toLowerCase(Locale.ROOT);
        if (media.startsWith("text/") || media.contains("json") || media.contains("yaml") || media.contains("javascript")
                || media.contains("xml")) {
            res.setContentType(type + ";charset=utf-8");
        }
    }

    /** A read: its revision and staleness as headers, its value as JSON. */
    public static void read(Context ctx, Read<?> read) {
        headers(ctx, read);
        ctx.json(read.value());
    }

    /** The headers of a read whose body the caller writes itself (a document, an ETag). */
    public static void headers(Context ctx, Read<?> read) {
        revision(ctx, read.revision());
        if (read.stale()) {
            ctx.header(Headers.STALE, "true");
        }
    }

    /**
     * A read whose body was rendered once for its revision ({@link Rendered}): the read's headers, an {@code ETag};
     * {@code 304 Not Modified} with no body when the client's {@code If-None-Match} holds that tag; the gzip form
     * when the client accepts gzip and the body is large; else the bytes as they are.
     */
    public static void rendered(Context ctx, Read<Rendered> read) {
        headers(ctx, read);
        Rendered body = read.value();
        ctx.header("ETag", body.etag());
        ctx.header("Vary", "Accept-Encoding");
        String match = ctx.header("If-None-Match");
        if (match != null && matches(match, body.etag())) {
            ctx.status(304);
            return;
        }
        ctx.contentType(body.contentType());
        String accept = ctx.header("Accept-Encoding");
        byte[] gz = accept != null && accept.toLowerCase(Locale.ROOT).contains("gzip") ? body.gzipped() : null;
        if (gz != null) {
            ctx.header("Content-Encoding", "gzip");
            ctx.result(gz);
        } else {
            ctx.result(body.bytes());
        }
    }

    /** {@code If-None-Match}: {@code *} or a list of tags, compared weakly (RFC 9110 13.1.2). */
    private static boolean matches(String header, String etag) {
        String tag = etag.startsWith("W/") ? etag.substring(2) : etag;
        for (String candidate : header.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || (c.startsWith("W/") ? c.substring(2) : c).equals(tag)) {
                return true;
            }
        }
        return false;
    }

    /** A write: the revision it was written at, and its answer as JSON. */
    public static void written(Context ctx, long revision, Object body) {
        revision(ctx, revision);
        ctx.json(body);
    }

    /** Sets {@code X-Beacon-Revision}: the etcd revision this response reflects. */
    public static void revision(Context ctx, long revision) {
        ctx.header(Headers.REVISION, Long.toString(revision));
    }
}
