package dev.beacon.server.config;

import dev.beacon.api.ClientReport;
import dev.beacon.api.Deleted;
import dev.beacon.core.config.ConfigClients;
import dev.beacon.server.http.Json;
import dev.beacon.server.http.Answers;
import dev.beacon.server.http.Principals;
import io.javalin.http.Context;

/**
 * {@code /api/v1/config/{app}/{profile}/clients}: delivery tracking. {@code POST} records which revision a client
 * has applied (on the client's lease), {@code GET} lists the live clients, {@code DELETE ?instance=ID} removes one.
 */
public final class ConfigClientHandlers {
    private final ConfigClients clients;
    private final Json json;

    public ConfigClientHandlers(ConfigClients clients, Json json) {
        this.clients = clients;
        this.json = json;
    }

    public void report(Context ctx) {
        var written = clients.report(ctx.pathParam("app"), ctx.pathParam("profile"), json.body(ctx, ClientReport.class), Principals.of(ctx));
        Answers.written(ctx, written.revision(), written.value());
    }

    public void list(Context ctx) {
        Answers.read(ctx, clients.list(ctx.pathParam("app"), ctx.pathParam("profile")));
    }

    public void remove(Context ctx) {
        var removed = clients.remove(ctx.pathParam("app"), ctx.pathParam("profile"), ctx.queryParam("instance"), Principals.of(ctx));
        Answers.written(ctx, removed.revision(), new Deleted(removed.value() ? 1 : 0));
    }
}
