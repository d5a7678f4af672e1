package dev.beacon.server.events;

import dev.beacon.core.watch.ChangeEvent;
import dev.beacon.core.watch.ChangeFeed;

import java.util.List;
import java.util.function.Function;

/**
 * What one stream carries: the changes under {@code keyPrefixes} of {@code feed}, each shown on the wire as
 * {@code data(event)} (null leaves the event out). The same scope serves SSE, WebSocket and long polls.
 *
 * @param name        how the client named it (echoed in WebSocket messages)
 * @param feed        the change feed whose mirror holds every key under the prefixes
 * @param keyPrefixes the etcd key prefixes
 * @param data        the event's JSON data on SSE and WebSocket (a record or a Jackson node), or null to leave it out
 * @param change      the event as a long poll lists it, or null to leave it out
 * @param snapshot    for scopes whose events are whole states (an election's leadership): the state now and the
 *                    revision it was taken at; the stream starts with it and goes on from that revision, whatever
 *                    the client asked to resume from. Null for scopes of changes.
 */
public record StreamScope(String name, ChangeFeed feed, List<String> keyPrefixes, Function<ChangeEvent, Object> data,
                          Function<ChangeEvent, Object> change, Snapshot snapshot) {

    /** A state event and the revision it reflects. */
    public record Snapshot(long revision, Object data) {
    }

    public StreamScope {
        keyPrefixes = List.copyOf(keyPrefixes);
    }

    /** The revision to start after: the snapshot's when there is one, else what the client asked for. */
    long startAfter(long requested) {
        return snapshot != null ? snapshot.revision() : requested;
    }

    /** The event name on the wire: {@code put}/{@code delete} for changes, {@code state} for snapshot scopes. */
    String eventName(ChangeEvent e) {
        return snapshot != null ? "state" : e.isPut() ? "put" : "delete";
    }
}
