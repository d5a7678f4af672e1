package dev.beacon.server.registry;

import dev.beacon.core.BeaconException;
import dev.beacon.core.registry.Discovery;
import dev.beacon.core.registry.InstanceChange;
import dev.beacon.server.events.Scopes;
import dev.beacon.server.events.StreamScope;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stream of one service ({@code services/{service}}): its instances and their health. SSE and WebSocket
 * events carry the instance as discovery shows it ({@code put} when it joins or its status changes,
 * {@code delete} when it leaves); long polls list {@code {"op","id","modRevision","instance"}}.
 */
public final class ServiceScope implements Scopes.Kind {
    private final Scopes scopes;
    private final Discovery discovery;

    public ServiceScope(Scopes scopes, Discovery discovery) {
        this.scopes = scopes;
        this.discovery = discovery;
    }

    @Override
    public StreamScope resolve(String name, String[] parts) {
        if (parts.length != 1) {
            throw BeaconException.badRequest("'" + name + "' must be services/{service}");
        }
        return scopes.over(name, discovery.watchPrefixes(parts[0]),
                e -> discovery.change(e).map(InstanceChange::instance).orElse(null),
                e -> discovery.change(e).map(ServiceScope::pollChange).orElse(null));
    }

    private static Map<String, Object> pollChange(InstanceChange c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", c.type().name());
        m.put("id", c.instance().id());
        m.put("modRevision", c.revision());
        m.put("instance", c.instance());
        return m;
    }
}
