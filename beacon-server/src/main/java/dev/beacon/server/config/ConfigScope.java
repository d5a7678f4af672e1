package dev.beacon.server.config;

import dev.beacon.core.BeaconException;
import dev.beacon.core.config.ConfigEvents;
import dev.beacon.core.config.ConfigRules;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.server.events.Scopes;
import dev.beacon.server.events.StreamScope;

import java.util.List;

/**
 * The stream of one app/profile ({@code config/{app}/{profile}}): SSE and WebSocket events carry the
 * {@code Item}, long polls list {@code {"key","op","value","modRevision"}} with the key inside the app/profile.
 */
public final class ConfigScope implements Scopes.Kind {
    private final Scopes scopes;
    private final KeyLayout keys;
    private final ConfigEvents events;

    public ConfigScope(Scopes scopes, KeyLayout keys, ConfigEvents events) {
        this.scopes = scopes;
        this.keys = keys;
        this.events = events;
    }

    @Override
    public StreamScope resolve(String name, String[] parts) {
        if (parts.length != 2) {
            throw BeaconException.badRequest("'" + name + "' must be config/{app}/{profile}");
        }
        ConfigRules.requireAddress(parts[0], parts[1]);
        return scopes.over(name, List.of(keys.configPrefix(parts[0], parts[1])),
                e -> events.isItemEvent(e) ? events.item(e) : null,
                e -> events.isItemEvent(e) ? events.change(e) : null);
    }
}
