package dev.beacon.spring.discovery;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

import java.util.List;

/** Spring Cloud's blocking {@link DiscoveryClient} on Beacon: instances from the SDK's live cache (no call per lookup). */
public final class BeaconDiscoveryClient implements DiscoveryClient {
    private final BeaconServiceInstances instances;

    public BeaconDiscoveryClient(BeaconServiceInstances instances) {
        this.instances = instances;
    }

    @Override
    public String description() {
        return "Beacon";
    }

    @Override
    public List<ServiceInstance> getInstances(String serviceId) {
        return instances.healthy(serviceId);
    }

    @Override
    public List<String> getServices() {
        return instances.services();
    }
}
