package dev.beacon.server.coord;

import dev.beacon.server.http.Principals;
import dev.beacon.api.ErrorCode;
import dev.beacon.api.LockRequest;
import dev.beacon.core.BeaconException;
import dev.beacon.core.coord.Locks;
import dev.beacon.server.http.Answers;
import dev.beacon.server.http.Json;
import dev.beacon.server.http.Params;
import io.javalin.http.Context;

import java.util.Optional;

/** {@code /api/v1/locks}: acquire (may wait in the queue), see the holder, keep alive and release with the token. */
public final class LockHandlers {
    private final Locks locks;
    private final Json json;

    public LockHandlers(Locks locks, Json json) {
        this.locks = locks;
        this.json = json;
    }

    public void list(Context ctx) {
        Answers.read(ctx, locks.list());
    }

    public void acquire(Context ctx) {
        LockRequest body = json.body(ctx, LockRequest.class);
        var pending = locks.acquire(ctx.pathParam("name"), body.ttl(), body.waitMs(), body.owner(), Principals.of(ctx));
        HeldAnswers.answer(ctx, pending, body.waitMs() != null && body.waitMs() > 0, grant -> {
            Answers.written(ctx, grant.token(), grant);
        });
    }

    public void holder(Context ctx) {
        String name = ctx.pathParam("name");
        var holder = locks.holder(name);
        if (holder.value().isEmpty()) {
            throw new BeaconException(ErrorCode.NOT_FOUND, "lock " + name + " is not held", null);
        }
        Answers.read(ctx, holder.map(Optional::get));
    }

    public void keepAlive(Context ctx) {
        ctx.json(locks.keepAlive(ctx.pathParam("name"), Params.optionalLong(ctx, "token")));
    }

    public void release(Context ctx) {
        var released = locks.release(ctx.pathParam("name"), Params.optionalLong(ctx, "token"), Principals.of(ctx));
        Answers.written(ctx, released.revision(), released.value());
    }
}
