package dev.beacon.spring.health;

import dev.beacon.spring.BeaconAutoConfiguration;
import dev.beacon.spring.config.BeaconImport;
import dev.beacon.spring.discovery.BeaconAutoRegistration;
import dev.beacon.spring.discovery.BeaconDiscoveryAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** {@link BeaconHealthIndicator} when Actuator is present ({@code management.health.beacon.enabled=false} turns it off). */
@AutoConfiguration(after = {BeaconAutoConfiguration.class, BeaconDiscoveryAutoConfiguration.class})
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnProperty(prefix = "management.health.beacon", name = "enabled", matchIfMissing = true)
public class BeaconHealthAutoConfiguration {
    @Bean
    public BeaconHealthIndicator beaconHealthIndicator(ObjectProvider<BeaconImport> imported, ObjectProvider<BeaconAutoRegistration> registration) {
        return new BeaconHealthIndicator(imported, registration);
    }
}
