package dev.beacon.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.api.ConfigList;
import dev.beacon.api.Deleted;
import dev.beacon.api.Headers;
import dev.beacon.api.Item;
import dev.beacon.api.ProfileSettings;
import dev.beacon.core.config.ConfigDocuments;
import dev.beacon.core.config.ConfigHistory;
import dev.beacon.core.config.ConfigStore;
import dev.beacon.core.config.DocumentFormat;
import dev.beacon.server.http.Json;
import dev.beacon.server.http.Params;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.util.SortedMap;
import java.util.TreeMap;

import static dev.beacon.server.config.ConfigRequests.actor;
import static dev.beacon.server.config.ConfigRequests.ifMatch;

/**
 * {@code /api/v1/apps} and {@code /api/v1/config/{app}/{profile}[/{key}[/history|/rollback]]}: parse the
 * request, one call into core, map the answer. Reads come from the server's mirror unless
 * {@code ?consistent=true}; every answer carries the revision it reflects.
 */
public final class ConfigHandlers {
    private static final String PUT_EXAMPLE = "{\"value\":\"...\", \"comment\":\"...\"}";

    private final ConfigStore store;
    private final ConfigHistory history;
    private final Json json;

    public ConfigHandlers(ConfigStore store, ConfigHistory history, Json json) {
        this.store = store;
        this.history = history;
        this.json = json;
    }

    public void apps(Context ctx) {
        var apps = store.apps();
        fromMemory(ctx, store.revision());
        ctx.json(apps);
    }

    public void list(Context ctx) {
        String format = ctx.queryParam("format");
        DocumentFormat document = format == null ? null : DocumentFormat.of(format);
        ConfigList list = Params.bool(ctx, "consistent") ? store.listConsistent(app(ctx), profile(ctx)) : store.list(app(ctx), profile(ctx));
        if (Params.bool(ctx, "consistent")) {
            Params.revision(ctx, list.revision());
        } else {
            fromMemory(ctx, list.revision());
        }
        if (document == null) {
            ctx.json(list);
            return;
        }
        SortedMap<String, String> items = new TreeMap<>();
        list.items().forEach(i -> items.put(i.key(), i.value()));
        ctx.contentType(document.contentType()).result(ConfigDocuments.render(items, document));
    }

    public void get(Context ctx) {
        Item item;
        if (Params.bool(ctx, "consistent")) {
            var read = store.getConsistent(app(ctx), profile(ctx), key(ctx));
            item = read.value();
            Params.revision(ctx, read.revision());
        } else {
            item = store.get(app(ctx), profile(ctx), key(ctx));
            fromMemory(ctx, store.revision());
        }
        ctx.header("ETag", "\"" + item.modRevision() + "\"").json(item);
    }

    public void put(Context ctx) {
        JsonNode body = ConfigRequests.object(json.body(ctx, JsonNode.class), PUT_EXAMPLE);
        Item item = store.put(app(ctx), profile(ctx), key(ctx), ConfigRequests.requiredText(body, "value", PUT_EXAMPLE),
                ifMatch(ctx), actor(ctx), ConfigRequests.optionalText(body, "comment"));
        written(ctx, item);
    }

    public void delete(Context ctx) {
        long revision = store.delete(app(ctx), profile(ctx), key(ctx), ifMatch(ctx), actor(ctx), ctx.queryParam("comment"));
        Params.revision(ctx, revision);
        ctx.json(new Deleted(1));
    }

    public void putAll(Context ctx) {
        JsonNode body = ConfigRequests.object(json.body(ctx, JsonNode.class), "{\"items\":{\"key\":\"value\"}, \"comment\":\"...\"}");
        var written = store.putAll(app(ctx), profile(ctx), ConfigRequests.items(body), actor(ctx), ConfigRequests.optionalText(body, "comment"));
        Params.revision(ctx, written.revision());
        ctx.json(written);
    }

    /** {@code POST .../import?format=properties|yaml|json} (or by Content-Type): the document's items as one batch. */
    public void importDocument(Context ctx) {
        String format = ctx.queryParam("format");
        DocumentFormat document = format != null ? DocumentFormat.of(format) : DocumentFormat.ofContentType(ctx.contentType());
        if (document == null) {
            throw dev.beacon.core.BeaconException.badRequest("say which format the document is in: ?format=properties|yaml|json");
        }
        String text = new String(json.bytes(ctx), StandardCharsets.UTF_8);
        var written = store.putAll(app(ctx), profile(ctx), ConfigDocuments.parse(text, document), actor(ctx), ctx.queryParam("comment"));
        Params.revision(ctx, written.revision());
        ctx.json(written);
    }

    public void history(Context ctx) {
        var read = history.list(app(ctx), profile(ctx), key(ctx), ConfigRequests.limit(ctx, ConfigHistory.DEFAULT_LIMIT),
                Params.optionalLong(ctx, "before"));
        Params.revision(ctx, read.revision());
        ctx.json(read.value());
    }

    public void rollback(Context ctx) {
        JsonNode body = ConfigRequests.object(json.body(ctx, JsonNode.class), "{\"toRevision\": 42}");
        Item item = history.rollback(app(ctx), profile(ctx), key(ctx), ConfigRequests.requiredLong(body, "toRevision"),
                ifMatch(ctx), actor(ctx), ConfigRequests.optionalText(body, "comment"));
        written(ctx, item);
    }

    public void settings(Context ctx) {
        ProfileSettings settings = store.profiles().get(app(ctx), profile(ctx));
        fromMemory(ctx, store.revision());
        ctx.json(settings);
    }

    public void putSettings(Context ctx) {
        JsonNode body = ConfigRequests.object(json.body(ctx, JsonNode.class), "{\"format\":\"text|json|yaml\"}");
        var read = store.profiles().put(app(ctx), profile(ctx), new ProfileSettings(ConfigRequests.requiredText(body, "format", "{\"format\":\"json\"}")));
        Params.revision(ctx, read.revision());
        ctx.json(read.value());
    }

    private static void written(Context ctx, Item item) {
        Params.revision(ctx, item.modRevision());
        ctx.header("ETag", "\"" + item.modRevision() + "\"").json(item);
    }

    private void fromMemory(Context ctx, long revision) {
        Params.revision(ctx, revision);
        if (!store.isCurrent()) {
            ctx.header(Headers.STALE, "true");
        }
    }

    private static String app(Context ctx) {
        return ctx.pathParam("app");
    }

    private static String profile(Context ctx) {
        return ctx.pathParam("profile");
    }

    private static String key(Context ctx) {
        return ctx.pathParam("key");
    }
}
