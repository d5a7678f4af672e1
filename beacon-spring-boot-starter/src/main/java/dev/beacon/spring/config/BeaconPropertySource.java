package dev.beacon.spring.config;

import dev.beacon.client.ConfigView;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * One Beacon app/profile as a Spring property source, named {@code beacon:{app}-{profile}}. It reads the SDK's live
 * {@link ConfigView}: every read answers the view's current snapshot (never blocking, never calling a server), so
 * the Environment follows Beacon by itself; {@link BeaconConfigRefresher} then tells the beans.
 */
public final class BeaconPropertySource extends EnumerablePropertySource<ConfigView> {
    public BeaconPropertySource(ConfigView view) {
        super("beacon:" + view.app() + "-" + view.profile(), view);
    }

    @Override
    public String[] getPropertyNames() {
        return getSource().items().keySet().toArray(String[]::new);
    }

    @Override
    public Object getProperty(String name) {
        return getSource().get(name);
    }

    @Override
    public boolean containsProperty(String name) {
        return getSource().item(name) != null;
    }
}
