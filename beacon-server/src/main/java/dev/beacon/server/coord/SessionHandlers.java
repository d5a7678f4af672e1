package dev.beacon.server.coord;

import dev.beacon.server.http.Principals;
import dev.beacon.api.Deleted;
import dev.beacon.api.SessionPut;
import dev.beacon.core.coord.Sessions;
import dev.beacon.server.http.Answers;
import dev.beacon.server.http.Json;
import dev.beacon.server.http.Params;
import io.javalin.http.Context;

/** {@code /api/v1/sessions/{id}}: create or replace, read ({@code ?consistent=true} reads etcd), touch, delete. */
public final class SessionHandlers {
    private final Sessions sessions;
    private final Json json;

    public SessionHandlers(Sessions sessions, Json json) {
        this.sessions = sessions;
        this.json = json;
    }

    public void put(Context ctx) {
        SessionPut body = json.body(ctx, SessionPut.class);
        var session = sessions.put(ctx.pathParam("id"), body.data(), body.ttl(), Principals.of(ctx));
        Answers.written(ctx, session.modRevision(), session);
    }

    public void get(Context ctx) {
        Answers.read(ctx, sessions.get(ctx.pathParam("id"), Params.bool(ctx, "consistent")));
    }

    public void touch(Context ctx) {
        ctx.json(sessions.touch(ctx.pathParam("id")));
    }

    public void delete(Context ctx) {
        Answers.written(ctx, sessions.delete(ctx.pathParam("id"), Principals.of(ctx)), new Deleted(1));
    }
}
