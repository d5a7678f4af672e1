package dev.beacon.server.registry;

import dev.beacon.api.Deleted;
import dev.beacon.api.Headers;
import dev.beacon.api.Registered;
import dev.beacon.api.Registration;
import dev.beacon.api.SeedRegistration;
import dev.beacon.api.ServiceInstances;
import dev.beacon.api.ServiceSettings;
import dev.beacon.api.StatusChange;
import dev.beacon.core.BeaconException;
import dev.beacon.core.registry.Discovery;
import dev.beacon.core.registry.InstanceEvents;
import dev.beacon.core.registry.Registry;
import dev.beacon.core.registry.ServiceSettingsStore;
import dev.beacon.core.registry.StatusOverrides;
import dev.beacon.server.http.Json;
import dev.beacon.server.http.Params;
import io.javalin.http.Context;

import java.util.List;

/**
 * {@code /api/v1/services/...} and the seed's {@code POST /v1/registry/register}: parse, one call into
 * {@code dev.beacon.core.registry}, map. Discovery answers come from the mirror and carry its revision
 * ({@code X-Beacon-Stale: true} while the mirror has lost etcd).
 */
public final class RegistryHandlers {
    private final Registry registry;
    private final StatusOverrides statuses;
    private final Discovery discovery;
    private final InstanceEvents events;
    private final ServiceSettingsStore settings;
    private final Json json;

    public RegistryHandlers(Registry registry, StatusOverrides statuses, Discovery discovery, InstanceEvents events,
                            ServiceSettingsStore settings, Json json) {
        this.registry = registry;
        this.statuses = statuses;
        this.discovery = discovery;
        this.events = events;
        this.settings = settings;
        this.json = json;
    }

    public void register(Context ctx) {
        Registered r = registry.register(ctx.pathParam("service"), ctx.pathParam("id"), json.body(ctx, Registration.class));
        Params.revision(ctx, r.revision());
        ctx.json(r);
    }

    public void seedRegister(Context ctx) {
        Registered r = registry.register(json.body(ctx, SeedRegistration.class));
        Params.revision(ctx, r.revision());
        ctx.json(r);
    }

    public void heartbeat(Context ctx) {
        ctx.json(registry.heartbeat(ctx.pathParam("service"), ctx.pathParam("id")));
    }

    public void deregister(Context ctx) {
        Params.revision(ctx, registry.deregister(ctx.pathParam("service"), ctx.pathParam("id")));
        ctx.json(new Deleted(1));
    }

    public void services(Context ctx) {
        mirrorHeaders(ctx, discovery.revision());
        ctx.json(discovery.services());
    }

    public void service(Context ctx) {
        List<String> tags = ctx.queryParams("tag").stream().filter(t -> !t.isEmpty()).toList();
        ServiceInstances answer = discovery.service(ctx.pathParam("service"), Params.bool(ctx, "healthy"), tags);
        mirrorHeaders(ctx, answer.revision());
        if (answer.reachProtectionThreshold()) {
            ctx.header(Headers.PROTECTED, "true");
        }
        ctx.json(answer);
    }

    public void instance(Context ctx) {
        long revision = discovery.revision();
        var instance = discovery.instance(ctx.pathParam("service"), ctx.pathParam("id"));
        mirrorHeaders(ctx, revision);
        ctx.json(instance);
    }

    public void setStatus(Context ctx) {
        ctx.json(statuses.set(ctx.pathParam("service"), ctx.pathParam("id"), json.body(ctx, StatusChange.class)));
    }

    public void events(Context ctx) {
        long limit = Params.longParam(ctx, "limit", InstanceEvents.DEFAULT_LIMIT);
        if (limit < 1 || limit > InstanceEvents.MAX_LIMIT) {
            throw BeaconException.badRequest("limit must be between 1 and " + InstanceEvents.MAX_LIMIT + ", got " + limit);
        }
        ctx.json(events.list(ctx.pathParam("service"), ctx.pathParam("id"), (int) limit));
    }

    public void getSettings(Context ctx) {
        long revision = discovery.revision();
        var answer = settings.get(ctx.pathParam("service"));
        mirrorHeaders(ctx, revision);
        ctx.json(answer);
    }

    public void putSettings(Context ctx) {
        ServiceSettings body = json.body(ctx, ServiceSettings.class);
        Params.revision(ctx, settings.put(ctx.pathParam("service"), body));
        ctx.json(body);
    }

    private void mirrorHeaders(Context ctx, long revision) {
        Params.revision(ctx, revision);
        if (discovery.stale()) {
            ctx.header(Headers.STALE, "true");
        }
    }
}
