package dev.beacon.spring.health;

import dev.beacon.client.ConfigView;
import dev.beacon.client.ServiceRegistration;
import dev.beacon.spring.config.BeaconImport;
import dev.beacon.spring.discovery.BeaconAutoRegistration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code beacon} in Actuator's health, from the SDK's state (no call to a server): UP while every imported config
 * view is LIVE (a server is reachable and the values are current) and the registration, if any, is REGISTERED;
 * UNKNOWN while config is stale (failover file, reconnecting) or the registration is SUSPECT/LOST — the app keeps
 * serving from its last known config, so this never reports DOWN. Details: each view's state, revision and last
 * sync, and the registration's state.
 */
public final class BeaconHealthIndicator extends AbstractHealthIndicator {
    private final ObjectProvider<BeaconImport> imported;
    private final ObjectProvider<BeaconAutoRegistration> registration;

    public BeaconHealthIndicator(ObjectProvider<BeaconImport> imported, ObjectProvider<BeaconAutoRegistration> registration) {
        super("Beacon health check failed");
        this.imported = imported;
        this.registration = registration;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean ok = true;
        Map<String, Object> config = new LinkedHashMap<>();
        BeaconImport i = imported.getIfAvailable();
        if (i != null) {
            for (ConfigView v : i.views()) {
                config.put(v.app() + "/" + v.profile(), Map.of("state", v.state().name(), "revision", v.revision(),
                        "lastSync", String.valueOf(v.lastSync())));
                ok &= !v.stale();
            }
            builder.withDetail("config", config).withDetail("configStale", !ok);
        }
        BeaconAutoRegistration auto = registration.getIfAvailable();
        ServiceRegistration r = auto == null ? null : auto.registration();
        if (r != null) {
            builder.withDetail("registration", Map.of("service", r.service(), "instance", r.instanceId(), "state", r.state().name()));
            ok &= r.state() == ServiceRegistration.State.REGISTERED;
        }
        builder.status(ok ? Status.UP : Status.UNKNOWN);
    }
}
