package dev.beacon.spring.config;

import dev.beacon.client.BeaconClientException;
import dev.beacon.client.ConfigView;
import org.apache.commons.logging.Log;
import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.PropertySource;

import java.util.ArrayList;
import java.util.List;

/**
 * Loads a {@link BeaconConfigDataResource} through the SDK: one live {@link ConfigView} per source, as property
 * sources in the precedence of Beacon's {@code /scc} endpoint (and Spring Cloud Config Server):
 * {@code {app}-{profile}} over {@code application-{profile}} over {@code {app}} over {@code application}, a later
 * profile over an earlier one. Blocks at start-up up to {@code beacon.call-timeout} per source while no server
 * answers; then each source comes from its failover file (logged), or the start fails — unless the import is
 * {@code optional:beacon:}, which then adds nothing.
 */
public final class BeaconConfigDataLoader implements ConfigDataLoader<BeaconConfigDataResource> {
    private final Log log;

    public BeaconConfigDataLoader(DeferredLogFactory logs) {
        this.log = logs.getLog(BeaconConfigDataLoader.class);
    }

    @Override
    public ConfigData load(ConfigDataLoaderContext context, BeaconConfigDataResource resource) {
        BeaconImport imported = context.getBootstrapContext().get(BeaconImport.class);
        List<String[]> order = new ArrayList<>(); // ascending precedence, as ConfigData wants it
        order.add(new String[] {"application", "default"});
        order.add(new String[] {resource.app(), "default"});
        for (String profile : resource.profiles()) {
            order.add(new String[] {"application", profile});
            order.add(new String[] {resource.app(), profile});
        }
        List<PropertySource<?>> sources = new ArrayList<>();
        List<String> fromFailover = new ArrayList<>();
        for (String[] ap : order) {
            ConfigView view;
            try {
                view = imported.client().config(ap[0], ap[1]);
            } catch (BeaconClientException e) {
                if (resource.optional() && e.kind() == BeaconClientException.Kind.UNAVAILABLE) {
                    log.warn("Beacon: no server answered and there is no failover file for " + ap[0] + "/" + ap[1]
                            + "; optional:beacon: adds no config (" + e.getMessage() + ")");
                    throw new ConfigDataResourceNotFoundException(resource, e);
                }
                throw new IllegalStateException("Beacon: cannot load config " + ap[0] + "/" + ap[1] + ": " + e.getMessage()
                        + (e.hint() == null ? "" : " (" + e.hint() + ")")
                        + "; check beacon.servers, or use optional:beacon: to start without it", e);
            }
            imported.add(view);
            if (view.state() == ConfigView.State.FAILOVER) {
                fromFailover.add(ap[0] + "/" + ap[1] + "@" + view.revision());
            }
            sources.add(new BeaconPropertySource(view));
        }
        if (!fromFailover.isEmpty()) {
            log.warn("Beacon: no server answered; config " + String.join(", ", fromFailover)
                    + " comes from the failover files in " + context.getBootstrapContext().get(dev.beacon.spring.BeaconProperties.class).getCacheDir()
                    + " and catches up when a server answers");
        } else {
            log.info("Beacon: loaded config of " + resource.app() + " for profiles " + (resource.profiles().isEmpty() ? "[default]" : resource.profiles()));
        }
        return new ConfigData(sources);
    }
}
