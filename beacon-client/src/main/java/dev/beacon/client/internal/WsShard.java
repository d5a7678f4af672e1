package dev.beacon.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One WebSocket connection and its subscriptions.
 *
 * <p>Lifecycle ({@link State} in an AtomicReference): IDLE → CONNECTING → OPEN → IDLE (broken: a reconnect is
 * scheduled with backoff and jitter, trying the servers in the pool's order) … → CLOSED (final). Each connection
 * attempt is a new "generation"; callbacks of an older generation are ignored, so a late close of a dead socket
 * never tears down its successor.
 *
 * <p>Threading: the JDK calls the listener on the client's io pool, one message at a time per socket; messages are
 * dispatched to subscribers on that thread. Sends are chained, because a WebSocket allows one outstanding send.
 * A watchdog closes a connection that received nothing (not even the server's 15 s ping) for {@link #IDLE_LIMIT_S}.
 */
final class WsShard {
    private static final System.Logger log = System.getLogger(WsShard.class.getName());
    static final long IDLE_LIMIT_S = 40;

    enum State { IDLE, CONNECTING, OPEN, CLOSED }

    private final Transport transport;
    private final ClientThreads threads;
    private final String name;
    private final AtomicReference<State> state = new AtomicReference<>(State.IDLE);
    private final Map<String, StreamSubscriber> subscribers = new ConcurrentHashMap<>();
    /** Subscriptions sent on the current generation (so none is sent twice on one socket). */
    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    private volatile Generation current;
    private volatile int attempts;
    private final ScheduledFuture<?> watchdog;

    /** One connection attempt and, when it opened, its socket. */
    private final class Generation implements WebSocket.Listener {
        final URI server;
        volatile WebSocket ws;
        volatile long lastReceived = System.nanoTime();
        CompletableFuture<?> sends = CompletableFuture.completedFuture(null);
        final StringBuilder partial = new StringBuilder();
        volatile boolean ended;

        Generation(URI server) {
            this.server = server;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            ws = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            lastReceived = System.nanoTime();
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    dispatch(this, text);
                } catch (RuntimeException e) {
                    log.log(System.Logger.Level.WARNING, "Beacon stream: a message could not be handled: " + e);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            lastReceived = System.nanoTime();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            broken(this, "closed by the server (" + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            broken(this, error.toString());
        }

        synchronized void send(String text) {
            WebSocket socket = ws;
            if (socket == null || ended) {
                return;
            }
            sends = sends.handle((ok, failed) -> null).thenCompose(x -> socket.sendText(text, true)).whenComplete((ok, failed) -> {
                if (failed != null) {
                    broken(this, "send failed: " + failed);
                }
            });
        }
    }

    WsShard(Transport transport, ClientThreads threads, String name) {
        this.transport = transport;
        this.threads = threads;
        this.name = name;
        this.watchdog = threads.timer().scheduleWithFixedDelay(this::checkIdle, 10, 10, TimeUnit.SECONDS);
    }

    boolean tryAdd(StreamSubscriber s, int limit) {
        synchronized (this) {
            if (subscribers.size() >= limit || state.get() == State.CLOSED) {
                return false;
            }
            subscribers.put(s.subscription(), s);
        }
        if (state.compareAndSet(State.IDLE, State.CONNECTING)) {
            connect();
        } else {
            Generation g = current;
            if (state.get() == State.OPEN && g != null) {
                subscribe(g, s);
            }
        }
        return true;
    }

    void remove(StreamSubscriber s) {
        if (subscribers.remove(s.subscription(), s)) {
            Generation g = current;
            if (g != null && subscribed.remove(s.subscription())) {
                ObjectNode m = Json.MAPPER.createObjectNode().put("unsubscribe", s.subscription());
                g.send(m.toString());
            }
        }
    }

    boolean isOpen() {
        return state.get() == State.OPEN;
    }

    private void connect() {
        if (state.get() != State.CONNECTING) {
            return;
        }
        List<URI> order = transport.pool().order();
        URI server = order.get(0);
        Generation g = new Generation(server);
        current = g;
        subscribed.clear();
        var builder = transport.http().newWebSocketBuilder().connectTimeout(transport.connectTimeout());
        if (transport.token() != null) {
            builder.header("Authorization", "Bearer " + transport.token());
        }
        builder.buildAsync(wsUri(server), g).whenComplete((ws, failed) -> {
            if (failed != null) {
                transport.pool().failed(server);
                g.ended = true;
                retryLater("cannot connect to " + server + ": " + rootMessage(failed));
                return;
            }
            if (current != g || !state.compareAndSet(State.CONNECTING, State.OPEN)) {
                ws.abort();
                return;
            }
            g.ws = ws;
            transport.pool().succeeded(server);
            attempts = 0;
            for (StreamSubscriber s : subscribers.values()) {
                subscribe(g, s);
            }
        });
    }

    private void subscribe(Generation g, StreamSubscriber s) {
        if (current != g || !subscribers.containsKey(s.subscription()) || !subscribed.add(s.subscription())) {
            return;
        }
        ObjectNode m = Json.MAPPER.createObjectNode().put("subscribe", s.subscription());
        long from = s.resumeAfter();
        if (from >= 0) {
            m.put("fromRevision", from);
        }
        g.send(m.toString());
    }

    private void dispatch(Generation g, String text) {
        if (current != g) {
            return;
        }
        JsonNode m = Json.tree(text);
        String type = m.path("type").asText();
        String sub = m.path("subscription").asText(null);
        StreamSubscriber s = sub == null ? null : subscribers.get(sub);
        switch (type) {
            case "subscribed" -> {
                if (s != null) {
                    s.onSubscribed(m.path("revision").asLong());
                }
            }
            case "put", "delete" -> {
                if (s != null) {
                    s.onEvent(type, m.path("revision").asLong(), m.get("data"));
                }
            }
            case "resync" -> {
                subscribed.remove(sub);
                if (s != null) {
                    resubscribeLater(g, s, "COMPACTED".equals(m.path("reason").asText()), 0);
                }
            }
            case "error" -> {
                if (s != null && !m.path("error").asText().contains("already subscribed")) {
                    subscribed.remove(sub);
                    boolean compacted = "COMPACTED".equals(m.path("code").asText());
                    resubscribeLater(g, s, compacted, compacted ? 0 : Backoff.RECONNECT.delayMillis(2));
                }
            }
            default -> {
                // subscribed/unsubscribed acknowledgements and future message types need nothing
            }
        }
    }

    private void resubscribeLater(Generation g, StreamSubscriber s, boolean reload, long delayMs) {
        threads.timer().schedule(() -> {
            if (reload) {
                try {
                    s.reload();
                } catch (RuntimeException e) {
                    log.log(System.Logger.Level.INFO, "Beacon stream: reloading " + s.subscription() + " failed (" + e.getMessage() + "); retrying");
                    resubscribeLater(g, s, true, Backoff.RECONNECT.delayMillis(3));
                    return;
                }
            }
            subscribe(g, s);
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    private void broken(Generation g, String why) {
        synchronized (g) {
            if (g.ended) {
                return;
            }
            g.ended = true;
        }
        State now = state.get();
        if (current != g || now == State.CLOSED || !state.compareAndSet(now, State.CONNECTING)) {
            return;
        }
        WebSocket ws = g.ws;
        if (ws != null) {
            ws.abort();
        }
        transport.pool().failed(g.server);
        retryLater("connection to " + g.server + " lost: " + why);
    }

    private void retryLater(String why) {
        if (state.get() == State.CLOSED) {
            return;
        }
        for (StreamSubscriber s : subscribers.values()) {
            try {
                s.onDisconnected(why);
            } catch (RuntimeException e) {
                log.log(System.Logger.Level.WARNING, "Beacon stream: subscriber failed on disconnect: " + e);
            }
        }
        long delay = attempts == 0 ? 0 : Backoff.RECONNECT.delayMillis(attempts - 1);
        attempts++;
        log.log(System.Logger.Level.INFO, "Beacon stream " + name + ": " + why + "; reconnecting in " + delay + " ms");
        threads.timer().schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void checkIdle() {
        Generation g = current;
        if (state.get() == State.OPEN && g != null && System.nanoTime() - g.lastReceived > TimeUnit.SECONDS.toNanos(IDLE_LIMIT_S)) {
            broken(g, "nothing received for " + IDLE_LIMIT_S + " s");
        }
    }

    void close() {
        State was = state.getAndSet(State.CLOSED);
        watchdog.cancel(false);
        Generation g = current;
        if (was != State.CLOSED && g != null && g.ws != null) {
            g.ended = true;
            try {
                g.ws.sendClose(WebSocket.NORMAL_CLOSURE, "client closed").orTimeout(1, TimeUnit.SECONDS)
                        .whenComplete((ws, e) -> g.ws.abort());
            } catch (RuntimeException e) {
                g.ws.abort();
            }
        }
    }

    static URI wsUri(URI server) {
        String s = server.toString();
        return URI.create((s.startsWith("https:") ? "wss:" + s.substring(6) : "ws:" + s.substring(5)) + "/api/v1/ws");
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }
}
