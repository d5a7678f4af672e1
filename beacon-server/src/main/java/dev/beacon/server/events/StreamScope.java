package dev.beacon.server.events;

import dev.beacon.core.watch.ChangeEvent;
import dev.beacon.core.watch.ChangeFeed;

import java.util.function.Function;

/**
 * What one stream carries: the changes under {@code keyPrefix} of {@code feed}, each shown on the wire
 * as {@code data(event)} (null skips the event). The same scope serves SSE, WebSocket and long polls.
 *
 * @param name      how the client named it (echoed in WebSocket messages)
 * @param feed      the change feed whose mirror holds every key under the prefix
 * @param keyPrefix the etcd key prefix
 * @param data      the event's JSON data on SSE and WebSocket (a record or a Jackson node), or null to leave it out
 * @param change    the event as a long poll lists it ({@code {"key","op","value","modRevision"}}), or null to leave it out
 */
public record StreamScope(String name, ChangeFeed feed, String keyPrefix, Function<ChangeEvent, Object> data,
                          Function<ChangeEvent, Object> change) {
}
