package dev.beacon.server.config;

import dev.beacon.api.ClientReport;
import dev.beacon.api.Deleted;
import dev.beacon.core.config.ConfigClients;
import dev.beacon.server.http.Json;
import dev.beacon.server.http.Params;
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
        ctx.json(clients.report(ctx.pathParam("app"), ctx.pathParam("profile"), json.body(ctx, ClientReport.class)));
    }

    public void list(Context ctx) {
        var answer = clients.list(ctx.pathParam("app"), ctx.pathParam("profile"));
        Params.revision(ctx, answer.revision());
        ctx.json(answer);
    }

    public void remove(Context ctx) {
        boolean removed = clients.remove(ctx.pathParam("app"), ctx.pathParam("profile"), ctx.queryParam("instance"));
        ctx.json(new Deleted(removed ? 1 : 0));
    }
}
