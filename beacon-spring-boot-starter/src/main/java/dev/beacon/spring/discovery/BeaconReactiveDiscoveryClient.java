package dev.beacon.spring.discovery;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Spring Cloud's {@link ReactiveDiscoveryClient} on Beacon. A service seen before answers from the live cache; the
 * first lookup of a service loads it with a blocking call, so lookups run on {@code boundedElastic}.
 */
public final class BeaconReactiveDiscoveryClient implements ReactiveDiscoveryClient {
    private final BeaconServiceInstances instances;

    public BeaconReactiveDiscoveryClient(BeaconServiceInstances instances) {
        this.instances = instances;
    }

    @Override
    public String description() {
        return "Beacon (reactive)";
    }

    @Override
    public Flux<ServiceInstance> getInstances(String serviceId) {
        return Flux.defer(() -> Flux.fromIterable(instances.healthy(serviceId))).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Flux<String> getServices() {
        return Flux.defer(() -> Flux.fromIterable(instances.services())).subscribeOn(Schedulers.boundedElastic());
    }
}
