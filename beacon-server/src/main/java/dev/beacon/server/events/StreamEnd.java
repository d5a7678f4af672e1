package dev.beacon.server.events;

import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import dev.beacon.core.watch.Subscription.CloseReason;

/**
 * How a stream that the server ends is told so on the wire, the same for SSE, WebSocket and long polls: a
 * {@code resync} (reconnect from {@code revision}: nothing is lost) or an {@code error} (COMPACTED: the changes
 * after the client's revision are gone, reload the current state). A subscription closed by its own client
 * (UNSUBSCRIBED) or lost with its transport (FAILED) ends with nothing on the wire ({@link #of} answers null).
 *
 * @param type     {@code resync} or {@code error}
 * @param code     the error code for {@code error}, else null
 * @param reason   why, in words that say what to do
 * @param revision the last revision the client was sent (resume after it)
 */
public record StreamEnd(String type, ErrorCode code, String reason, long revision) {
    /** The end a close reason shows the client, or null when there is nothing to tell. */
    public static StreamEnd of(CloseReason why, long lastRevision) {
        return switch (why) {
            case RESYNC -> new StreamEnd("resync", null,
                    "the stream fell behind or its replay broke off; reconnect from this revision", lastRevision);
            case SHUTDOWN -> new StreamEnd("resync", null, "the server is shutting down; reconnect from this revision", lastRevision);
            case COMPACTED -> new StreamEnd("error", ErrorCode.COMPACTED,
                    "the changes after your revision were compacted in etcd; reload the current state", lastRevision);
            case UNSUBSCRIBED, FAILED -> null;
        };
    }

    /** The same end as the error a long poll answers with. */
    public BeaconException toException() {
        return code == ErrorCode.COMPACTED
                ? new BeaconException(ErrorCode.COMPACTED, reason, "reload the current state and poll from its revision")
                : new BeaconException(ErrorCode.ETCD_UNAVAILABLE, reason, "poll again from your revision (another server answers"
                        + " while this one stops)");
    }
}
