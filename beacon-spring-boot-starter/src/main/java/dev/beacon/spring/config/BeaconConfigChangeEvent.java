package dev.beacon.spring.config;

import dev.beacon.client.ConfigEvent;
import org.springframework.context.ApplicationEvent;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Published in the application context after Beacon config changed and the beans were told (rebound, refreshed):
 * every change gathered in one round, each with its app/profile, key, old and new value (null = absent) and
 * revision. The values are those of the Beacon source that changed; the Environment's effective value of a key may
 * still come from a source of higher precedence. Published on the starter's refresh thread.
 */
public final class BeaconConfigChangeEvent extends ApplicationEvent {
    private final List<ConfigEvent> changes;

    public BeaconConfigChangeEvent(Object source, List<ConfigEvent> changes) {
        super(source);
        this.changes = List.copyOf(changes);
    }

    public List<ConfigEvent> changes() {
        return changes;
    }

    /** The changed keys, in the order they changed. */
    public Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        changes.forEach(c -> keys.add(c.key()));
        return keys;
    }
}
