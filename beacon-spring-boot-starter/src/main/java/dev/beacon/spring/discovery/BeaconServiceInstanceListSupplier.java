package dev.beacon.spring.discovery;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import java.util.List;

/**
 * The load balancer's candidates for one service: the UP instances of the SDK's live service view, read at each
 * pick. No cache of Spring's in between: an instance that goes DOWN, OUT_OF_SERVICE or away stops being picked as
 * soon as the push stream delivers the change.
 */
public final class BeaconServiceInstanceListSupplier implements ServiceInstanceListSupplier {
    private final String serviceId;
    private final BeaconServiceInstances instances;

    public BeaconServiceInstanceListSupplier(String serviceId, BeaconServiceInstances instances) {
        this.serviceId = serviceId;
        this.instances = instances;
    }

    @Override
    public String getServiceId() {
        return serviceId;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return Flux.defer(() -> Flux.just(instances.healthy(serviceId))).subscribeOn(Schedulers.boundedElastic());
    }
}
