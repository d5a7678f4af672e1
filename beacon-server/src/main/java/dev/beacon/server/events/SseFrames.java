package dev.beacon.server.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.beacon.core.watch.ChangeEvent;
import dev.beacon.server.http.Json;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SSE frames of one stream scope's changes, each encoded once and shared (the same bytes) by every
 * stream of that scope: the JSON encoding of a change is paid once per scope, not once per subscriber.
 * Holds the frames of the last {@link #MAX} changes seen; any stream delivering an older one encodes it again.
 * Streams of scopes with the same {@link #key} share one instance (see {@link EventHub}).
 */
final class SseFrames {
    static final int MAX = 4096;

    /**
     * One change on the wire. {@code head} is {@code event: X\ndata: JSON\n} (null when the scope leaves the change
     * out); {@code whole} adds {@code id: REVISION\n\n}: the complete frame of a change that is the last shown
     * of its revision.
     */
    record Frame(byte[] head, byte[] whole) {
    }

    private final StreamScope scope;
    private final ConcurrentHashMap<ChangeEvent, Frame> frames = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<ChangeEvent> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    /** Streams using this instance; guarded by the hub's map. */
    int users;

    SseFrames(StreamScope scope) {
        this.scope = scope;
    }

    /**
     * Streams whose scopes have the same key encode every change alike: the same name resolves to the same
     * prefixes and mappings, and the mapping's class tells a raw prefix from a named scope of the same words.
     * Scopes of whole states (elections) are never shared: null.
     */
    static String key(StreamScope scope) {
        return scope.snapshot() != null ? null : scope.data().getClass().getName() + '\n' + scope.name();
    }

    Frame frame(ChangeEvent e) {
        Frame f = frames.get(e);
        if (f != null) {
            return f;
        }
        f = encode(e);
        if (frames.putIfAbsent(e, f) == null) {
            order.add(e);
            if (size.incrementAndGet() > MAX) {
                ChangeEvent oldest = order.poll();
                if (oldest != null) {
                    frames.remove(oldest);
                    size.decrementAndGet();
                }
            }
        }
        return f;
    }

    private Frame encode(ChangeEvent e) {
        Object data = scope.data().apply(e);
        if (data == null) {
            return new Frame(null, null);
        }
        String head = "event: " + scope.eventName(e) + "\ndata: " + json(data) + "\n";
        return new Frame(head.getBytes(StandardCharsets.UTF_8),
                (head + "id: " + e.revision() + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event data", e);
        }
    }
}
