package dev.beacon.api;

/** Header names that are part of the contract. */
public final class Headers {
    /** The etcd revision a response reflects; on every response that reflects stored data. */
    public static final String REVISION = "X-Beacon-Revision";
    /** Echoed back, or generated when absent; appears in the access log line of the request. */
    public static final String REQUEST_ID = "X-Request-Id";
    /** Set to {@code true} when a read was served from a mirror that has lost contact with etcd. */
    public static final String STALE = "X-Beacon-Stale";
    /** Set to {@code true} when a {@code healthy=true} discovery answer holds every instance because the service's protection threshold was reached. */
    public static final String PROTECTED = "X-Beacon-Protected";
    /** Who makes a config change (recorded as {@code updatedBy}) until authentication names the caller; default {@code anonymous}. */
    public static final String ACTOR = "X-Beacon-Actor";

    /**
     * W3C Trace Context: taken from the request when valid (a new trace is started otherwise) and answered with the
     * same trace id and this server's span id; the trace id is in every log line of the request.
     */
    public static final String TRACEPARENT = "traceparent";
    /** The request's trace id (32 hex digits), answered for people reading responses with curl. */
    public static final String TRACE_ID = "X-Trace-Id";

    private Headers() {
    }
}
