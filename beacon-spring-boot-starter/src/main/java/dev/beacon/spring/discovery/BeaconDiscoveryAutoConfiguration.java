package dev.beacon.spring.discovery;

import dev.beacon.client.BeaconClient;
import dev.beacon.spring.BeaconAutoConfiguration;
import dev.beacon.spring.BeaconProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.cloud.client.ConditionalOnBlockingDiscoveryEnabled;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Discovery on Beacon: {@link BeaconDiscoveryClient}, {@link BeaconReactiveDiscoveryClient} (with Reactor), Beacon's
 * live instances for Spring Cloud LoadBalancer (with spring-cloud-loadbalancer), and {@link BeaconAutoRegistration}
 * in a web application. Off with {@code beacon.discovery.enabled=false} or {@code spring.cloud.discovery.enabled=false}.
 */
@AutoConfiguration(after = BeaconAutoConfiguration.class)
@ConditionalOnDiscoveryEnabled
@ConditionalOnBean(BeaconClient.class)
@ConditionalOnProperty(prefix = "beacon.discovery", name = "enabled", matchIfMissing = true)
public class BeaconDiscoveryAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    public BeaconServiceInstances beaconServiceInstances(BeaconClient client) {
        return new BeaconServiceInstances(client);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBlockingDiscoveryEnabled
    static class Blocking {
        @Bean
        @ConditionalOnMissingBean
        BeaconDiscoveryClient beaconDiscoveryClient(BeaconServiceInstances instances) {
            return new BeaconDiscoveryClient(instances);
        }
    }

    @Bean
    @ConditionalOnWebApplication
    @ConditionalOnProperty(prefix = "beacon.discovery", name = "register", matchIfMissing = true)
    public BeaconAutoRegistration beaconAutoRegistration(BeaconClient client, BeaconProperties properties, Environment environment) {
        return new BeaconAutoRegistration(client, properties, environment);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "reactor.core.publisher.Flux") // with Reactor alone, not only with WebFlux as Spring Cloud's own condition
    @ConditionalOnProperty(value = "spring.cloud.discovery.reactive.enabled", matchIfMissing = true)
    static class Reactive {
        @Bean
        @ConditionalOnMissingBean
        BeaconReactiveDiscoveryClient beaconReactiveDiscoveryClient(BeaconServiceInstances instances) {
            return new BeaconReactiveDiscoveryClient(instances);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier")
    @LoadBalancerClients(defaultConfiguration = BeaconLoadBalancerClientConfiguration.class)
    static class LoadBalancer {
    }
}
