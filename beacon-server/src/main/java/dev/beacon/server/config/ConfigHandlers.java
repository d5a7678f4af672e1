package dev.beacon.server.config;

import dev.beacon.server.http.Principals;
import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.api.ConfigList;
import dev.beacon.api.Deleted;
import dev.beacon.api.Item;
import dev.beacon.api.ProfileSettings;
import dev.beacon.core.config.ConfigDocuments;
import dev.beacon.core.config.ConfigHistory;
import dev.beacon.core.config.ConfigStore;
import dev.beacon.core.config.DocumentFormat;
import dev.beacon.core.Read;
import dev.beacon.server.http.Answers;
import dev.beacon.server.http.Rendered;
import dev.beacon.server.http.Json;
import dev.beacon.server.http.Params;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.util.SortedMap;
import java.util.TreeMap;

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
        Answers.read(ctx, store.apps());
    }

    public void list(Context ctx) {
        String format = ctx.queryParam("format");
        DocumentFormat document = format == null ? null : DocumentFormat.of(format);
        if (!Params.bool(ctx, "consistent")) { // from memory: rendered once per revision
            Answers.rendered(ctx, store.listRendered(app(ctx), profile(ctx), document == null ? "json" : document.name(),
                    list -> document == null ? Rendered.json(list) : Rendered.text(ConfigDocuments.render(sorted(list), document),
                            document.contentType())));
            return;
        }
        Read<ConfigList> list = store.listConsistent(app(ctx), profile(ctx));
        if (document == null) {
            Answers.read(ctx, list);
            return;
        }
        Answers.headers(ctx, list);
        ctx.contentType(document.contentType()).result(ConfigDocuments.render(sorted(list.value()), document));
    }

    private static SortedMap<String, String> sorted(ConfigList list) {
        SortedMap<String, String> items = new TreeMap<>();
        list.items().forEach(i -> items.put(i.key(), i.value()));
        return items;
    }

    public void get(Context ctx) {
        Read<Item> item = Params.bool(ctx, "consistent") ? store.getConsistent(app(ctx), profile(ctx), key(ctx))
                : store.get(app(ctx), profile(ctx), key(ctx));
        ctx.header("ETag", "\"" + item.value().modRevision() + "\"");
        Answers.read(ctx, item);
    }

    public void put(Context ctx) {
        JsonNode body = ConfigRequests.object(json.body(ctx, JsonNode.class), PUT_EXAMPLE);
        Item item = store.put(app(ctx), profile(ctx), key(ctx), ConfigRequests.requiredText(body, "value", PUT_EXAMPLE),
                ifMatch(ctx), Principals.of(ctx), ConfigRequests.optionalText(body, "comment"));
        written(ctx, item);
    }

    public void delete(Context ctx) {
        long revision = store.delete(app(ctx), profile(ctx), key(ctx), ifMatch(ctx), Principals.of(ctx), ctx.queryParam("comment"));
        Answers.written(ctx, revision, new Deleted(1));
    }

    public void putAll(Context ctx) {
        JsonNode body = ConfigRequests.object(json.body(ctx, JsonNode.class), "{\"items\":{\"key\":\"value\"}, \"comment\":\"...\"}");
        var written = store.putAll(app(ctx), profile(ctx), ConfigRequests.items(body), Principals.of(ctx), ConfigRequests.optionalText(body, "comment"));
        Answers.written(ctx, written.revision(), written);
    }

    /** {@code POST .../import?format=properties|yaml|json} (or by Content-Type): the document's items as one batch. */
    public void importDocument(Context ctx) {
        String format = ctx.queryParam("format");
        DocumentFormat document = format != null ? DocumentFormat.of(format) : DocumentFormat.ofContentType(ctx.contentType());
        if (document == null) {
            throw dev.beacon.core.BeaconException.badRequest("say which format the document is in: ?format=properties|yaml|json");
        }
        String text = new String(json.bytes(ctx), StandardCharsets.UTF_8);
        var written = store.putAll("config.import", app(ctx), profile(ctx), ConfigDocuments.parse(text, document), Principals.of(ctx),
                ctx.queryParam("comment"));
        Answers.written(ctx, written.revision(), written);
    }

    public void history(Context ctx) {
        var read = history.list(app(ctx), profile(ctx), key(ctx), ConfigRequests.limit(ctx, ConfigHistory.DEFAULT_LIMIT),
                Params.optionalLong(ctx, "before"));
        Answers.read(ctx, read);
    }

    public void rollback(Context ctx) {
        JsonNode body = ConfigRequests.object(json.body(ctx, JsonNode.class), "{\"toRevision\": 42}");
        Item item = history.rollback(app(ctx), profile(ctx), key(ctx), ConfigRequests.requiredLong(body, "toRevision"),
                ifMatch(ctx), Principals.of(ctx), ConfigRequests.optionalText(body, "comment"));
        written(ctx, item);
    }

    public void settings(Context ctx) {
        Answers.read(ctx, store.profiles().get(app(ctx), profile(ctx)));
    }

    public void putSettings(Context ctx) {
        JsonNode body = ConfigRequests.object(json.body(ctx, JsonNode.class), "{\"format\":\"text|json|yaml\"}");
        var read = store.profiles().put(app(ctx), profile(ctx), new ProfileSettings(ConfigRequests.requiredText(body, "format", "{\"format\":\"json\"}")), Principals.of(ctx));
        Answers.read(ctx, read);
    }

    private static void written(Context ctx, Item item) {
        ctx.header("ETag", "\"" + item.modRevision() + "\"");
        Answers.written(ctx, item.modRevision(), item);
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
