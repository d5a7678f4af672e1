package dev.beacon.server.events;

import dev.beacon.core.BeaconException;
import dev.beacon.core.Durations;
import dev.beacon.server.http.Params;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
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

    public EventHandlers(EventHub hub, Scopes scopes, ScheduledExecutorService timer) {
        this.hub = hub;
        this.scopes = scopes;
        this.timer = timer;
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
     * {@code ?revision=N&timeout=30s}: 200 {@code {"revision","changes"}} at once when anything changed after
     * N, else held (without a thread) until a change or the timeout, then 304; 410 when N is compacted.
     * Without {@code revision} it waits for the next change.
     */
    public void poll(Context ctx, StreamScope scope) {
        Long revision = Params.optionalLong(ctx, "revision");
        if (revision != null && revision < 0) {
            throw BeaconException.badRequest("revision must be 0 or more, got " + revision);
        }
        String timeoutText = ctx.queryParam("timeout");
        Duration timeout = timeoutText == null || timeoutText.isEmpty() ? DEFAULT_POLL : Durations.parse("timeout", timeoutText);
        if (timeout.isZero() || timeout.compareTo(MAX_POLL) > 0) {
            throw BeaconException.badRequest("timeout must be more than 0 and at most " + Durations.format(MAX_POLL)
                    + ", got " + timeoutText);
        }
        ctx.future(() -> hub.poll(scope, revision == null ? -1 : revision, timeout, timer).thenAccept(p -> {
            Params.revision(ctx, p.revision());
            if (p.changes().isEmpty()) {
                ctx.status(304);
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("revision", p.revision());
            body.put("changes", p.changes());
            ctx.json(body);
        }));
    }

    /** {@code GET /api/v1/ws}: the WebSocket subscribe protocol (see {@link WsConnection}). */
    public void webSocket(WsConfig ws) {
        ws.onConnect(ctx -> {
            ctx.enableAutomaticPings(EventHub.PING.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            connections.put(ctx.sessionId(), new WsConnection(ctx, hub, scopes));
        });
        ws.onMessage(ctx -> {
            WsConnection c = connections.get(ctx.sessionId());
            if (c != null) {
                c.onMessage(ctx.message());
            }
        });
        ws.onClose(ctx -> {
            WsConnection c = connections.remove(ctx.sessionId());
            if (c != null) {
                c.onClose();
            }
        });
        ws.onError(ctx -> {
            WsConnection c = connections.remove(ctx.sessionId());
            if (c != null) {
                c.onClose();
            }
        });
    }

    /** {@code Last-Event-ID} (as browsers send on reconnect) or {@code ?fromRevision=N}; -1 = from now. */
    static long resumeRevision(Context ctx) {
        String header = ctx.header("Last-Event-ID");
        String query = ctx.queryParam("fromRevision");
        String raw = header != null && !header.isBlank() ? header : query;
        if (raw == null || raw.isBlank()) {
            return -1;
        }
        long n = Params.parseLong(header != null && !header.isBlank() ? "Last-Event-ID" : "fromRevision", raw);
        if (n < 0) {
            throw BeaconException.badRequest("the revision to resume after must be 0 or more, got " + n);
        }
        return n;
    }

    private static String[] values(Context ctx, String[] names) {
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = ctx.pathParam(names[i]);
        }
        return out;
    }
}
