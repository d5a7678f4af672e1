package dev.beacon.server.events;

import io.javalin.websocket.WsContext;

/**
 * What the auth step does around WebSocket connections of {@code /api/v1/ws}: watch a connection whose credentials may
 * end (it is closed then), check every subscription before it starts (throw a {@code BeaconException} FORBIDDEN to
 * refuse it; the connection stays usable), and forget the connection when it closes.
 */
public interface WsGuard {
    /** Lets everything through (auth off). */
    WsGuard NONE = new WsGuard() {
    };

    default void opened(WsContext ws) {
    }

    default void subscribing(WsContext ws, String subscription) {
    }

    default void closed(WsContext ws) {
    }
}
