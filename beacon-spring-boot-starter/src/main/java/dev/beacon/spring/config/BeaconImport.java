package dev.beacon.spring.config;

import dev.beacon.client.BeaconClient;
import dev.beacon.client.ConfigView;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What {@code spring.config.import=beacon:} made before the application context existed: the client (built from
 * the {@code beacon.*} settings known then) and the views behind the property sources. Kept in Spring's bootstrap
 * registry, then handed to the application context as a bean, where the client becomes the {@code BeaconClient}
 * bean (closed with the context) and the views are followed by {@link BeaconConfigRefresher}.
 */
public final class BeaconImport {
    private final BeaconClient client;
    private final List<ConfigView> views = new CopyOnWriteArrayList<>();

    BeaconImport(BeaconClient client) {
        this.client = client;
    }

    public BeaconClient client() {
        return client;
    }

    /** The imported views, lowest precedence first. */
    public List<ConfigView> views() {
        return List.copyOf(views);
    }

    void add(ConfigView view) {
        if (!views.contains(view)) {
            views.add(view);
        }
    }
}
