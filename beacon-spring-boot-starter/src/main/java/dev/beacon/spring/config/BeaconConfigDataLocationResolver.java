package dev.beacon.spring.config;

import dev.beacon.spring.BeaconProperties;
import org.springframework.boot.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.ConfigurableBootstrapContext;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.context.config.Profiles;
import org.springframework.boot.context.properties.bind.Binder;

import java.util.ArrayList;
import java.util.List;

/**
 * Resolves {@code beacon:} (and {@code optional:beacon:}) once the profiles are known: to one
 * {@link BeaconConfigDataResource} of the app ({@code beacon.config.app}, else {@code spring.application.name}) and
 * its active profiles. Also puts the {@code beacon.*} settings and a lazily built {@link BeaconImport} (the client)
 * into the bootstrap registry, and hands the import to the application context when it exists.
 */
public final class BeaconConfigDataLocationResolver implements ConfigDataLocationResolver<BeaconConfigDataResource> {
    static final String PREFIX = "beacon:";

    @Override
    public boolean isResolvable(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
        return location.hasPrefix(PREFIX);
    }

    @Override
    public List<BeaconConfigDataResource> resolve(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
        return List.of(); // everything happens once the profiles are known
    }

    @Override
    public List<BeaconConfigDataResource> resolveProfileSpecific(ConfigDataLocationResolverContext context,
                                                                 ConfigDataLocation location, Profiles profiles) {
        Binder binder = context.getBinder();
        BeaconProperties props = binder.bind("beacon", BeaconProperties.class).orElseGet(BeaconProperties::new);
        String app = props.getConfig().getApp() != null ? props.getConfig().getApp()
                : binder.bind("spring.application.name", String.class).orElse(null);
        if (app == null || app.isBlank()) {
            throw new IllegalStateException("spring.config.import=beacon: needs spring.application.name (or beacon.config.app): "
                    + "it names the Beacon app whose items are loaded");
        }
        ConfigurableBootstrapContext boot = context.getBootstrapContext();
        boot.registerIfAbsent(BeaconProperties.class, InstanceSupplier.of(props));
        boot.registerIfAbsent(BeaconImport.class, (InstanceSupplier<BeaconImport>) (c -> new BeaconImport(c.get(BeaconProperties.class).buildClient())));
        boot.addCloseListener(event -> {
            if (event.getBootstrapContext().isRegistered(BeaconImport.class)
                    && !event.getApplicationContext().getBeanFactory().containsSingleton("beaconImport")) {
                event.getApplicationContext().getBeanFactory().registerSingleton("beaconImport",
                        event.getBootstrapContext().get(BeaconImport.class));
            }
        });
        List<String> active = new ArrayList<>();
        for (String p : profiles.getActive()) {
            if (!"default".equals(p) && !active.contains(p)) {
                active.add(p);
            }
        }
        return List.of(new BeaconConfigDataResource(app, active, location.isOptional()));
    }
}
