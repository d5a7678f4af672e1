package dev.beacon.server.events;

import dev.beacon.server.http.Answers;
import dev.beacon.core.BeaconException;
import dev.beacon.core.Durations;
import dev.beacon.server.http.Params;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The push endpoints: SSE streams ({@code /api/v1/events...}), long polls ({@code /api/v1/watch/...})
 * and the WebSocket ({@code /api/v1/ws}). Each parses its parameters, resolves a {@link StreamScope} and
 * hands it to the {@link EventHub}.
 */
public final class EventHandlers {
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(30);
    public static final Duration MAX_POLL = Duration.ofSeconds(60);

    private final EventHub hub;
    private final Scopes scopes;
    private final ScheduledExecutorService timer;
    private final Map<String, WsConnection> connections = new ConcurrentHashMap<>();
    private final WsGuard guard;

    public EventHandlers(EventHub hub, Scopes scopes, ScheduledExecutorService timer) {
        this(hub, scopes, timer, WsGuard.NONE);
    }

    /** @param guard checks each WebSocket subscription at subscribe time and closes connections whose credentials end */
    public EventHandlers(EventHub hub, Scopes scopes, ScheduledExecutorService timer, WsGuard guard) {
        this.hub = hub;
        this.scopes = scopes;
        this.timer = timer;
        this.guard = guard;
    }

    /** {@code GET /api/v1/events?prefix=P}: every change under a raw etcd key prefix. */
    public void rawEvents(Context ctx) throws IOException {
        String prefix = ctx.queryParam("prefix");
        if (prefix == null || prefix.isEmpty()) {
            throw BeaconException.badRequest("prefix is required, e.g. /api/v1/events?prefix=app/");
        }
        hub.openSse(ctx, scopes.raw(prefix), resumeRevision(ctx));
    }

    /** {@code GET /api/v1/watch?prefix=P&revision=N&timeout=30s}: a long poll on a raw etcd key prefix. */
    public void rawPoll(Context ctx) {
        String prefix = ctx.queryParam("prefix");
        if (prefix == null || prefix.isEmpty()) {
            throw BeaconException.badRequest("prefix is required, e.g. /api/v1/watch?prefix=app/&revision=42");
        }
        poll(ctx, scopes.raw(prefix));
    }

    /** An SSE handler for a named scope whose words are path parameters, e.g. {@code config/{app}/{profile}}. */
    public io.javalin.http.Handler events(String kind, String... pathParams) {
        return ctx -> hub.openSse(ctx, scopes.named(kind, values(ctx, pathParams)), resumeRevision(ctx));
    }

    /** A long-poll handler for a named scope whose words are path parameters. */
    public io.javalin.http.Handler poll(String kind, String... pathParams) {
        return ctx -> poll(ctx, scopes.named(kind, values(ctx, pathParams)));
    }

    /**
     * {@code ?afterRevision=N&timeout=30s} ({@code revision=N} is the older name): 200 {@code {"revision","changes"}}
     * at once when anything changed after N, else held (without a thread) until a change or the timeout, then 304;
     * 410 when N is compacted. Without it, it waits for the next change.
     */
    public void poll(Context ctx, StreamScope scope) {
        long after = afterRevision(ctx, "revision");
        Long revision = after < 0 ? null : after;
        String timeoutText = ctx.queryParam("timeout");
        Duration timeout = timeoutText == null || timeoutText.isEmpty() ? DEFAULT_POLL : Durations.parse("timeout", timeoutText);
        if (timeout.isZero() || timeout.compareTo(MAX_POLL) > 0) {
            throw BeaconException.badRequest("timeout must be more than 0 and at most " + Durations.format(MAX_POLL)
                    + ", got " + timeoutText);
        }
        ctx.future(() -> hub.poll(scope, revision == null ? -1 : revision, timeout, timer).thenAccept(p -> {
            Answers.revision(ctx, p.revision());
            if (p.changes().isEmpty()) {
                ctx.status(304);
                return;
            }
            ctx.contentType("application/json").result(p.json()); // encoded once for all polls woken by the same changes
        }));
    }

    /** {@code GET /api/v1/ws}: the WebSocket subscribe protocol (see {@link WsConnection}). */
    public void webSocket(WsConfig ws) {
        ws.onConnect(ctx -> {
            ctx.enableAutomaticPings(EventHub.PING.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            WsConnection c = new WsConnection(ctx, hub, scopes, name -> guard.subscribing(ctx, name));
            connections.put(ctx.sessionId(), c);
            hub.opened(c);
            guard.opened(ctx);
        });
        ws.onMessage(ctx -> {
            WsConnection c = connections.get(ctx.sessionId());
            if (c != null) {
                c.onMessage(ctx.message());
            }
        });
        ws.onBinaryMessage(ctx -> ctx.closeSession(1003, "binary frames are not part of Beacon's protocol: send JSON text"));
        ws.onClose(ctx -> {
            guard.closed(ctx);
            WsConnection c = connections.remove(ctx.sessionId());
            if (c != null) {
                hub.gone(c);
                c.onClose();
            }
        });
        ws.onError(ctx -> {
            guard.closed(ctx);
            WsConnection c = connections.remove(ctx.sessionId());
            if (c != null) {
                hub.gone(c);
                c.onClose();
            }
        });
    }

    /** {@code Last-Event-ID} (as browsers send on reconnect), else {@code ?afterRevision=N} ({@code fromRevision} is the older name); -1 = from now. */
    static long resumeRevision(Context ctx) {
        String header = ctx.header("Last-Event-ID");
        if (header != null && !header.isBlank()) {
            return atLeastZero("Last-Event-ID", Params.parseLong("Last-Event-ID", header));
        }
        return afterRevision(ctx, "fromRevision");
    }

    /**
     * The one parameter that says where a stream or poll starts: {@code afterRevision=N} — every change after
     * revision N (the revision of the last change the client has) — or its older name {@code alias}; -1 when absent.
     */
    static long afterRevision(Context ctx, String alias) {
        String name = ctx.queryParam(AFTER_REVISION) != null ? AFTER_REVISION : alias;
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return -1;
        }
        return atLeastZero(name, Params.parseLong(name, raw));
    }

    private static long atLeastZero(String name, long n) {
        if (n < 0) {
            throw BeaconException.badRequest(name + " (the revision to resume after) must be 0 or more, got " + n);
        }
        return n;
    }

    /** The name of the start revision of streams, polls and WebSocket subscriptions: changes after it are sent. */
    static final String AFTER_REVISION = "afterRevision";

    private static String[] values(Context ctx, String[] names) {
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = ctx.pathParam(names[i]);
        }
        return out;
    }
}
