package dev.beacon.server.coord;

import dev.beacon.api.ErrorCode;
import dev.beacon.api.LockList;
import dev.beacon.api.LockRequest;
import dev.beacon.core.BeaconException;
import dev.beacon.core.coord.Locks;
import dev.beacon.server.http.Json;
import dev.beacon.server.http.Params;
import io.javalin.http.Context;

/** {@code /api/v1/locks}: acquire (may wait in the queue), see the holder, keep alive and release with the token. */
public final class LockHandlers {
    private final Locks locks;
    private final Json json;

    public LockHandlers(Locks locks, Json json) {
        this.locks = locks;
        this.json = json;
    }

    public void list(Context ctx) {
        LockList list = locks.list();
        Params.revision(ctx, list.revision());
        ctx.json(list);
    }

    public void acquire(Context ctx) {
        LockRequest body = json.body(ctx, LockRequest.class);
        var pending = locks.acquire(ctx.pathParam("name"), body.ttl(), body.waitMs(), body.owner());
        HeldAnswers.answer(ctx, pending, body.waitMs() != null && body.waitMs() > 0, grant -> {
            Params.revision(ctx, grant.token());
            ctx.json(grant);
        });
    }

    public void holder(Context ctx) {
        String name = ctx.pathParam("name");
        long revision = locks.revision();
        var holder = locks.holder(name).orElseThrow(() -> new BeaconException(ErrorCode.NOT_FOUND,
                "lock " + name + " is not held", null));
        Params.revision(ctx, revision);
        ctx.json(holder);
    }

    public void keepAlive(Context ctx) {
        ctx.json(locks.keepAlive(ctx.pathParam("name"), Params.optionalLong(ctx, "token")));
    }

    public void release(Context ctx) {
        ctx.json(locks.release(ctx.pathParam("name"), Params.optionalLong(ctx, "token")));
    }
}
