package dev.beacon.spring.discovery;

import dev.beacon.api.Instance;
import dev.beacon.client.BeaconClient;
import dev.beacon.client.BeaconClientException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spring Cloud's view of Beacon's instances, shared by the discovery clients and the load balancer: the UP
 * instances of the SDK's live {@code ServiceView} (loaded on first use, blocking, then kept fresh by the push
 * stream; DOWN, DRAINING and OUT_OF_SERVICE instances are left out). Never throws: with no server to load a service
 * it has never seen, it answers no instances and logs why.
 */
public final class BeaconServiceInstances {
    private static final Log log = LogFactory.getLog(BeaconServiceInstances.class);
    private final BeaconClient client;

    public BeaconServiceInstances(BeaconClient client) {
        this.client = client;
    }

    public List<ServiceInstance> healthy(String service) {
        try {
            return client.registry().service(service).healthy().stream().map(i -> toServiceInstance(service, i)).toList();
        } catch (BeaconClientException e) {
            log.warn("Beacon: cannot load the instances of " + service + ": " + e.getMessage());
            return List.of();
        }
    }

    public List<String> services() {
        try {
            return client.registry().services().stream().map(s -> s.service()).toList();
        } catch (BeaconClientException e) {
            log.warn("Beacon: cannot list the services: " + e.getMessage());
            return List.of();
        }
    }

    static ServiceInstance toServiceInstance(String service, Instance i) {
        Map<String, String> metadata = new LinkedHashMap<>(i.metadata() == null ? Map.of() : i.metadata());
        boolean secure = "true".equals(metadata.get("secure")) || "https".equals(metadata.get("scheme"));
        return new DefaultServiceInstance(i.id(), service, i.address(), i.port(), secure, metadata);
    }
}
