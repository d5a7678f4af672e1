package dev.beacon.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import dev.beacon.core.watch.ChangeEvent;
import dev.beacon.core.watch.Subscriber;
import dev.beacon.core.watch.Subscription;
import dev.beacon.server.http.Json;
import io.javalin.websocket.WsContext;
import org.eclipse.jetty.websocket.api.Callback;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket connection of {@code /api/v1/ws}: any number of subscriptions (up to
 * {@link #MAX_SUBSCRIPTIONS}), each named by what the client sent in {@code subscribe}.
 *
 * <p>Protocol (JSON text messages). Client: {@code {"subscribe": "<prefix | config/app/profile |
 * services/name>", "afterRevision"?: n}} ({@code fromRevision} is the older name), {@code {"unsubscribe": "<same>"}}. Server:
 * {@code {"type":"subscribed","subscription","revision"}}, {@code {"type":"put|delete","subscription",
 * "revision","data"}}, {@code {"type":"unsubscribed","subscription"}}, {@code {"type":"resync",
 * "subscription","revision","reason"}} (the subscription ended: resubscribe from revision, or reload when
 * reason is COMPACTED), {@code {"type":"error","error","code","subscription"?}} (the connection stays usable). When the
 * server stops, every subscription gets its {@code resync} (reason SHUTDOWN), then the connection is closed with code
 * 1001 and a reason that says to reconnect ({@link #shutdown}).
 *
 * <p>Threading: each subscription delivers on its own delivery thread; sends are serialized per
 * connection and wait for Jetty's completion, so a slow client fills its queues and is cut off instead
 * of buffering without bound.
 */
final class WsConnection {
    static final int MAX_SUBSCRIPTIONS = 100;
    private static final long SEND_TIMEOUT_S = EventHub.STALL.toSeconds();

    private final WsContext ws;
    private final EventHub hub;
    private final Scopes scopes;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final java.util.function.Consumer<String> admit;
    private final Map<String, Delivery> deliveries = new ConcurrentHashMap<>();
    /** WebSocket close code 1001 "going away": the server is stopping; the reason says to reconnect. */
    static final int GOING_AWAY = 1001;
    static final String SHUTDOWN_REASON = "server shutting down; reconnect and resubscribe after your last revision";

    /** @param admit checks a subscription before it starts; throws a BeaconException (sent as an error message) to refuse it */
    WsConnection(WsContext ws, EventHub hub, Scopes scopes, java.util.function.Consumer<String> admit) {
        this.ws = ws;
        this.hub = hub;
        this.scopes = scopes;
        this.admit = admit;
    }

    void onMessage(String text) {
        String name = null;
        try {
            JsonNode msg = parse(text);
            if (msg.hasNonNull("subscribe")) {
                name = textField(msg, "subscribe");
                subscribe(name, fromRevision(msg));
            } else if (msg.hasNonNull("unsubscribe")) {
                name = textField(msg, "unsubscribe");
                Subscription s = subscriptions.remove(name);
                if (s == null) {
                    throw BeaconException.badRequest("not subscribed to '" + name + "'");
                }
                s.close();
                send(message("unsubscribed", name));
            } else {
                throw BeaconException.badRequest("send {\"subscribe\": \"<prefix>\", \"afterRevision\"?: n} or {\"unsubscribe\": \"<prefix>\"}");
            }
        } catch (BeaconException e) {
            ObjectNode error = message("error", name);
            error.put("error", e.getMessage());
            error.put("code", e.code().name());
            send(error);
        }
    }

    private void subscribe(String name, long fromRevision) {
        if (subscriptions.containsKey(name)) {
            throw BeaconException.badRequest("already subscribed to '" + name + "'; unsubscribe first");
        }
        if (subscriptions.size() >= MAX_SUBSCRIPTIONS) {
            throw new BeaconException(ErrorCode.LIMIT_EXCEEDED, "at most " + MAX_SUBSCRIPTIONS + " subscriptions per connection",
                    "unsubscribe from one, or open another connection");
        }
        admit.accept(name);
        StreamScope scope = scopes.resolve(name);
        Delivery delivery = new Delivery(name, scope);
        Subscription s = hub.subscribe(scope, fromRevision, delivery);
        subscriptions.put(name, s);
        deliveries.put(name, delivery);
        long start = EventHub.startOf(s);
        delivery.lastRevision = start;
        ObjectNode ok = message("subscribed", name);
        ok.put("revision", start);
        send(ok);
        if (scope.snapshot() != null) {
            ObjectNode state = message("state", name);
            state.put("revision", start);
            state.set("data", Json.MAPPER.valueToTree(scope.snapshot().data()));
            send(state);
        }
        delivery.opened = true;
        synchronized (delivery) {
            delivery.notifyAll();
        }
    }

    void onClose() {
        subscriptions.values().forEach(Subscription::close);
        subscriptions.clear();
        deliveries.clear();
    }

    /**
     * For the server's shutdown: ends every subscription (each sends its {@code resync} message with reason SHUTDOWN and
     * the revision to resume after), then closes the connection with {@link #GOING_AWAY} and a reason that says to
     * reconnect. Completes once the close is sent, or after {@code bound} whatever was sent by then. Never blocks.
     */
    CompletableFuture<Void> shutdown(Duration bound) {
        List<CompletableFuture<Void>> ended = new ArrayList<>();
        for (Map.Entry<String, Subscription> e : subscriptions.entrySet()) {
            Delivery d = deliveries.get(e.getKey());
            if (d != null) {
                ended.add(d.closed);
            }
            e.getValue().end(Subscription.CloseReason.SHUTDOWN);
        }
        return CompletableFuture.allOf(ended.toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, bound.toMillis(), TimeUnit.MILLISECONDS)
                .handle((v, f) -> {
                    try {
                        ws.closeSession(GOING_AWAY, SHUTDOWN_REASON);
                    } catch (RuntimeException gone) {
                        // the connection is gone already
                    }
                    return null;
                });
    }

    /** One subscription's subscriber: its events become messages on this connection. */
    private final class Delivery implements Subscriber {
        private final String name;
        private final StreamScope scope;
        volatile boolean opened;
        volatile long lastRevision;
        /** Completes once {@link #onClose} has run (its resync, if any, sent). */
        final CompletableFuture<Void> closed = new CompletableFuture<>();

        Delivery(String name, StreamScope scope) {
            this.name = name;
            this.scope = scope;
        }

        @Override
        public void onEvents(List<ChangeEvent> events) throws Exception {
            synchronized (this) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!opened && System.nanoTime() < deadline) {
                    wait(100);
                }
            }
            for (ChangeEvent e : events) {
                Object data = scope.data().apply(e);
                if (data != null) {
                    ObjectNode m = message(scope.eventName(e), name);
                    m.put("revision", e.revision());
                    m.set("data", Json.MAPPER.valueToTree(data));
                    sendOrThrow(m);
                }
                lastRevision = e.revision();
            }
        }

        @Override
        public void onClose(Subscription.CloseReason reason) {
            try {
                StreamEnd end = StreamEnd.of(reason, lastRevision);
                if (end == null) {
                    return;
                }
                subscriptions.remove(name);
                deliveries.remove(name);
                ObjectNode m = message("resync", name);
                m.put("revision", end.revision());
                m.put("reason", reason.name());
                m.put("message", end.reason());
                send(m);
            } finally {
                closed.complete(null);
            }
        }

        @Override
        public void onCutOff(Subscription.CloseReason reason) {
            if (reason != Subscription.CloseReason.SHUTDOWN) {
                ws.session.disconnect(); // a slow client; on shutdown the delivery ends by itself and onClose says goodbye
            }
        }
    }

    private void send(ObjectNode message) {
        try {
            sendOrThrow(message);
        } catch (IOException e) {
            // the connection is gone; its close handler ends the subscriptions
        }
    }

    private synchronized void sendOrThrow(ObjectNode message) throws IOException {
        if (!ws.session.isOpen()) {
            throw new IOException("connection closed");
        }
        Callback.Completable done = new Callback.Completable();
        ws.session.sendText(message.toString(), done);
        try {
            done.get(SEND_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            ws.session.disconnect();
            throw new IOException("send failed: " + e.getMessage(), e);
        }
    }

    private static ObjectNode message(String type, String subscription) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("type", type);
        if (subscription != null) {
            m.put("subscription", subscription);
        }
        return m;
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode n = Json.MAPPER.readTree(text);
            if (n == null || !n.isObject()) {
                throw BeaconException.badRequest("a message must be a JSON object");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw Json.malformed(e);
        }
    }

    private static String textField(JsonNode msg, String field) {
        JsonNode v = msg.get(field);
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw BeaconException.badRequest(field + " must be a non-empty string");
        }
        return v.asText();
    }

    /** {@code afterRevision} (or its older name {@code fromRevision}): send every change after it; -1 = from now. */
    private static long fromRevision(JsonNode msg) {
        String name = msg.has(EventHandlers.AFTER_REVISION) ? EventHandlers.AFTER_REVISION : "fromRevision";
        JsonNode v = msg.get(name);
        if (v == null || v.isNull()) {
            return -1;
        }
        if (!v.canConvertToExactIntegral() || v.asLong() < 0) {
            throw BeaconException.badRequest(name + " must be a whole number >= 0, got " + v);
        }
        return v.asLong();
    }
}
