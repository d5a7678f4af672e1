package dev.beacon.server.http;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context ({@code traceparent: 00-<trace id>-<parent span id>-<flags>}) as this server continues it:
 * the caller's trace id when its header is valid, else a new one; a new span id for this server's work.
 *
 * @param traceId 32 lower-case hex digits, never all zero
 * @param spanId  16 lower-case hex digits: this server's span, the parent of any call it makes
 * @param flags   2 hex digits, the caller's (sampled = 01) or 01 for a new trace
 */
public record TraceContext(String traceId, String spanId, String flags) {
    private static final Pattern HEADER = Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");

    /** Continues the trace in {@code traceparent} (null or invalid: starts a new one). */
    public static TraceContext continueFrom(String traceparent) {
        if (traceparent != null) {
            Matcher m = HEADER.matcher(traceparent.trim().toLowerCase(Locale.ROOT));
            // version ff is invalid; a future version may add fields after ours (kept out); zero ids are invalid
            if (m.matches() && !m.group(1).equals("ff") && (m.group(1).equals("00") ? m.group(5) == null : true)
                    && !m.group(2).matches("0+") && !m.group(3).matches("0+")) {
                return new TraceContext(m.group(2), newSpanId(), m.group(4));
            }
        }
        return new TraceContext(hex(16), newSpanId(), "01");
    }

    /** The header to send on: same trace, this server's span as the parent. */
    public String header() {
        return "00-" + traceId + "-" + spanId + "-" + flags;
    }

    private static String newSpanId() {
        return hex(8);
    }

    private static String hex(int bytes) {
        StringBuilder sb = new StringBuilder(bytes * 2);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (sb.length() < bytes * 2) {
            String part = Long.toHexString(r.nextLong() | Long.MIN_VALUE); // always 16 digits
            sb.append(part, 0, Math.min(16, bytes * 2 - sb.length()));
        }
        return sb.toString();
    }
}
