package dev.beacon.spring;

import dev.beacon.client.BeaconClient;
import dev.beacon.spring.config.BeaconConfigRefresher;
import dev.beacon.spring.config.BeaconImport;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The {@link BeaconClient} bean — the one {@code spring.config.import=beacon:} built, or a new one from
 * {@code beacon.*} — closed with the context (registrations deregister, views stop), and the live refresh of
 * imported config.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "beacon", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(BeaconProperties.class)
public class BeaconAutoConfiguration {
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public BeaconClient beaconClient(BeaconProperties properties, ObjectProvider<BeaconImport> imported) {
        BeaconImport i = imported.getIfAvailable();
        return i != null ? i.client() : properties.buildClient();
    }

    @Bean
    @ConditionalOnBean(BeaconImport.class)
    @ConditionalOnProperty(prefix = "beacon.config", name = "refresh", matchIfMissing = true)
    public BeaconConfigRefresher beaconConfigRefresher(ConfigurableApplicationContext context, BeaconImport imported,
                                                       BeaconProperties properties) {
        return new BeaconConfigRefresher(context, imported, properties.getConfig().getRefreshDelay());
    }
}
