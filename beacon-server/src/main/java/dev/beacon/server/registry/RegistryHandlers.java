package dev.beacon.server.registry;

import dev.beacon.server.http.Principals;
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
import dev.beacon.core.Read;
import dev.beacon.server.http.Answers;
import dev.beacon.server.http.Rendered;
import dev.beacon.server.http.Json;
import dev.beacon.server.http.Params;
import io.javalin.http.Context;

import java.util.List;

/**
 * {@code /api/v1/services/...} and the seed's {@code POST /v1/registry/register}: parse, one call into
 * {@code dev.beacon.core.registry}, map. Discovery answers come from the mirror's read gate
 * ({@link Answers#read}: the revision they reflect, {@code X-Beacon-Stale: true} while the mirror has lost etcd).
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
        Registered r = registry.register(ctx.pathParam("service"), ctx.pathParam("id"), json.body(ctx, Registration.class), Principals.of(ctx));
        Answers.written(ctx, r.revision(), r);
    }

    public void seedRegister(Context ctx) {
        Registered r = registry.register(json.body(ctx, SeedRegistration.class), Principals.of(ctx));
        Answers.written(ctx, r.revision(), r);
    }

    public void heartbeat(Context ctx) {
        ctx.json(registry.heartbeat(ctx.pathParam("service"), ctx.pathParam("id")));
    }

    public void deregister(Context ctx) {
        Answers.written(ctx, registry.deregister(ctx.pathParam("service"), ctx.pathParam("id"), Principals.of(ctx)), new Deleted(1));
    }

    public void services(Context ctx) {
        Answers.read(ctx, discovery.services());
    }

    public void service(Context ctx) {
        List<String> tags = ctx.queryParams("tag").stream().filter(t -> !t.isEmpty()).toList();
        Read<Discovered> answer = discovery.serviceRendered(ctx.pathParam("service"), Params.bool(ctx, "healthy"), tags,
                instances -> new Discovered(Rendered.json(instances), instances.reachProtectionThreshold()));
        if (answer.value().protectedAnswer()) {
            ctx.header(Headers.PROTECTED, "true");
        }
        Answers.rendered(ctx, answer.map(Discovered::body));
    }

    /** A discovery answer rendered once per revision, and whether protection kept instances in it. */
    private record Discovered(Rendered body, boolean protectedAnswer) {
    }

    public void instance(Context ctx) {
        Answers.read(ctx, discovery.instance(ctx.pathParam("service"), ctx.pathParam("id")));
    }

    public void setStatus(Context ctx) {
        var written = statuses.set(ctx.pathParam("service"), ctx.pathParam("id"), json.body(ctx, StatusChange.class), Principals.of(ctx));
        Answers.written(ctx, written.revision(), written.value());
    }

    public void events(Context ctx) {
        long limit = Params.longParam(ctx, "limit", InstanceEvents.DEFAULT_LIMIT);
        if (limit < 1 || limit > InstanceEvents.MAX_LIMIT) {
            throw BeaconException.badRequest("limit must be between 1 and " + InstanceEvents.MAX_LIMIT + ", got " + limit);
        }
        ctx.json(events.list(ctx.pathParam("service"), ctx.pathParam("id"), (int) limit));
    }

    public void getSettings(Context ctx) {
        Answers.read(ctx, settings.get(ctx.pathParam("service")));
    }

    public void putSettings(Context ctx) {
        ServiceSettings body = json.body(ctx, ServiceSettings.class);
        Answers.written(ctx, settings.put(ctx.pathParam("service"), body, Principals.of(ctx)), body);
    }
}
