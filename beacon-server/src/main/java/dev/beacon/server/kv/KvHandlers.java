package dev.beacon.server.kv;

import dev.beacon.server.http.Principals;
import dev.beacon.server.http.Answers;
import dev.beacon.api.Deleted;
import dev.beacon.api.ErrorCode;
import dev.beacon.api.KvList;
import dev.beacon.api.KvPut;
import dev.beacon.core.BeaconException;
import dev.beacon.core.kv.KvStore;
import dev.beacon.server.http.Json;
import dev.beacon.server.http.Params;
import io.javalin.http.Context;

/**
 * {@code /api/v1/kv/{key}} (or {@code ?key=} for keys that start with '/'): list, read, write, delete raw keys;
 * {@code /api/v1/leases/{id}}: how long a raw lease still lives.
 */
public final class KvHandlers {
    private final KvStore store;
    private final Json json;

    public KvHandlers(KvStore store, Json json) {
        this.store = store;
        this.json = json;
    }

    public void get(Context ctx) {
        boolean prefix = Params.bool(ctx, "prefix");
        long limit = Params.longParam(ctx, "limit", KvStore.DEFAULT_LIMIT);
        if (limit < 1 || limit > KvStore.MAX_LIMIT) {
            throw BeaconException.badRequest("limit must be between 1 and " + KvStore.MAX_LIMIT + ", got " + limit);
        }
        String key = key(ctx);
        String startAfter = ctx.queryParam("startAfter");
        KvList list = store.list(key, prefix, (int) limit, Params.bool(ctx, "keysOnly"), startAfter == null || startAfter.isEmpty() ? null : startAfter);
        Answers.revision(ctx, list.revision());
        if (!prefix && list.kvs().isEmpty()) {
            throw new BeaconException(ErrorCode.NOT_FOUND, "key " + key + " does not exist");
        }
        ctx.json(list);
    }

    /** {@code GET /api/v1/leases/{id}}: the lease's seconds left and granted TTL; the id is decimal (64-bit). */
    public void lease(Context ctx) {
        Answers.read(ctx, store.lease(Params.parseLong("lease id", ctx.pathParam("id"))));
    }

    public void put(Context ctx) {
        String key = key(ctx);
        KvPut body = json.body(ctx, KvPut.class);
        var written = store.put(key, body.value(), body.ttl(), body.prevRevision(), Principals.of(ctx));
        Answers.revision(ctx, written.modRevision());
        ctx.json(written);
    }

    public void delete(Context ctx) {
        String key = key(ctx);
        var deleted = store.delete(key, Params.bool(ctx, "prefix"), Params.optionalLong(ctx, "prevRevision"), Principals.of(ctx));
        Answers.written(ctx, deleted.revision(), new Deleted(deleted.value()));
    }

    /** The key from the rest of the path, or from {@code ?key=} when the path has none. */
    static String key(Context ctx) {
        String fromQuery = ctx.queryParam("key");
        String fromPath = ctx.pathParamMap().get("key");
        if (fromPath != null && !fromPath.isEmpty() && fromQuery != null) {
            throw BeaconException.badRequest("give the key in the path or in ?key=, not both");
        }
        return fromPath != null && !fromPath.isEmpty() ? fromPath : fromQuery;
    }
}
