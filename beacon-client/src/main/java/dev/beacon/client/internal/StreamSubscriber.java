package dev.beacon.client.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One subscription on the client's shared WebSocket ({@link StreamHub}). The hub calls these on the connection's
 * receive thread, one at a time and in the order the server sent them; implementations must be quick (no blocking
 * I/O) except {@link #reload()}, which the hub runs on a timer thread.
 */
public interface StreamSubscriber {
    /** What to subscribe to, e.g. {@code config/orders/prod} or {@code services/payments}. */
    String subscription();

    /** The revision to resume after ({@code fromRevision}), or -1 for "from now". */
    long resumeAfter();

    /** The server accepted the subscription; changes after {@code revision} follow. */
    void onSubscribed(long revision);

    /** One change: {@code type} is {@code put} or {@code delete}; {@code data} the record the server sent. */
    void onEvent(String type, long revision, JsonNode data);

    /** The connection carrying this subscription broke; the hub reconnects (maybe to another server) by itself. */
    void onDisconnected(String reason);

    /**
     * The server cannot resume from {@link #resumeAfter()} (history compacted): read the whole state again over
     * HTTP and continue from its revision. Blocking allowed; throw to be retried after a backoff.
     */
    void reload();
}
