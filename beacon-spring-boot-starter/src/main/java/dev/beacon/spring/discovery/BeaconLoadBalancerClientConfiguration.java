package dev.beacon.spring.discovery;

import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Runs in each load-balancer client's child context (registered as the default configuration by
 * {@link BeaconDiscoveryAutoConfiguration}): Beacon's live instances replace Spring's discovery-plus-cache supplier.
 */
@Configuration(proxyBeanMethods = false)
public class BeaconLoadBalancerClientConfiguration {
    @Bean
    public ServiceInstanceListSupplier beaconServiceInstanceListSupplier(Environment environment, BeaconServiceInstances instances) {
        return new BeaconServiceInstanceListSupplier(LoadBalancerClientFactory.getName(environment), instances);
    }
}
