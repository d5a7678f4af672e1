package dev.beacon.server.kv;

import dev.beacon.server.http.Principals;
import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.server.http.Answers;
import dev.beacon.core.BeaconException;
import dev.beacon.core.kv.KvStore;
import dev.beacon.core.watch.Mirrors;
import dev.beacon.server.http.Json;
import dev.beacon.server.http.Params;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seed's endpoints, kept exactly: {@code GET /ping}, {@code GET /config/{key}} (and
 * {@code ?key=}), {@code POST /set}. They read and write raw etcd keys.
 */
public final class SeedHandlers {
    private final KvStore store;
    private final Json json;

    private final Mirrors mirrors;

    public SeedHandlers(KvStore store, Mirrors mirrors, Json json) {
        this.store = store;
        this.mirrors = mirrors;
        this.json = json;
    }

    public void ping(Context ctx) {
        ctx.json(Map.of("message", "pong"));
    }

    public void getConfig(Context ctx) {
        String key = KvHandlers.key(ctx);
        var read = store.getOrMirrored(key == null ? "" : key, mirrors);
        Answers.headers(ctx, read);
        var list = read.value();
        if (list.kvs().isEmpty()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("message", "config not found");
            body.put("error", "config not found: " + key);
            body.put("code", "NOT_FOUND");
            ctx.status(404).json(body);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", key);
        body.put("value", list.kvs().get(0).value());
        ctx.json(body);
    }

    public void set(Context ctx) {
        JsonNode body = json.body(ctx, JsonNode.class);
        if (!body.isObject()) {
            throw BeaconException.badRequest("the body must be a JSON object {\"key\":..., \"value\":...}");
        }
        JsonNode key = body.get("key");
        JsonNode value = body.get("value");
        if (key == null || key.isNull() || !key.isTextual() || key.asText().isEmpty()) {
            throw BeaconException.badRequest("key is missing or empty; send {\"key\":\"...\", \"value\":\"...\"}");
        }
        if (value == null || value.isNull() || !value.isTextual()) {
            throw BeaconException.badRequest("value is missing or not a string; send {\"key\":\"...\", \"value\":\"...\"}");
        }
        var written = store.put(key.asText(), value.asText(), null, null, Principals.of(ctx));
        Answers.revision(ctx, written.modRevision());
        ctx.json(Map.of("status", "success"));
    }
}
