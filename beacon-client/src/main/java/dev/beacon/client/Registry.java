package dev.beacon.client;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.beacon.api.Instance;
import dev.beacon.api.InstanceEvent;
import dev.beacon.api.InstanceStatus;
import dev.beacon.api.Registered;
import dev.beacon.api.Registration;
import dev.beacon.api.ServiceInstances;
import dev.beacon.api.ServiceSummary;
import dev.beacon.api.StatusChange;
import dev.beacon.client.internal.Json;
import dev.beacon.client.internal.Transport.Call;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import static dev.beacon.client.internal.Transport.segment;

/**
 * Registration ({@link #register}) and discovery ({@link #discover}, {@link #service}), plus the admin calls of the
 * registry ({@link #services()}, {@link #instances}, {@link #setStatus}, {@link #events}, {@link #deregister}).
 */
public final class Registry {
    private final BeaconClient client;
    private final Map<String, ServiceView> views = new ConcurrentHashMap<>();

    Registry(BeaconClient client) {
        this.client = client;
    }

    /**
     * Registers an instance and keeps it registered: heartbeats every ttl/3, re-registers after its lease was lost;
     * state changes go to the registration's listeners. Closing it (or the client) deregisters.
     *
     * @throws BeaconClientException when the first registration fails (bad input, no server answered)
     */
    public ServiceRegistration register(InstanceSpec spec) {
        client.requireOpen();
        ServiceRegistration r = new ServiceRegistration(client, spec);
        r.start();
        return client.own(r);
    }

    /**
     * The UP instances of {@code service}, from the client's cache of it (loaded on first use, then kept fresh by the
     * stream). While no server answers, the last known instances ({@link ServiceView#age()} says how old).
     */
    public List<Instance> discover(String service) {
        return service(service).healthy();
    }

    /** The instances of {@code service} that pass {@code filter} (e.g. by tag or metadata), from the cache. */
    public List<Instance> discover(String service, Predicate<Instance> filter) {
        return service(service).instances().stream().filter(filter).toList();
    }

    /**
     * The client's cached view of {@code service}: the same object for the same service. The first call loads it
     * (blocking, with the call deadline).
     *
     * @throws BeaconClientException UNAVAILABLE when no server answers the first load
     */
    public ServiceView service(String service) {
        client.requireOpen();
        ServiceView v = views.get(service);
        if (v != null) {
            return v;
        }
        synchronized (views) {
            v = views.get(service);
            if (v == null) {
                v = new ServiceView(client, service, instances(service));
                views.put(service, v);
                client.hub().add(v.subscriber());
            }
            return v;
        }
    }

    /** Every service with its instance counts (one call). */
    public List<ServiceSummary> services() {
        return client.transport().call(Call.get("/api/v1/services"),
                Json.MAPPER.getTypeFactory().constructType(new TypeReference<List<ServiceSummary>>() { }));
    }

    /** Every instance of {@code service} as the server shows it now (one call, no cache). */
    public ServiceInstances instances(String service) {
        return client.transport().call(Call.get("/api/v1/services/" + segment(service)), ServiceInstances.class);
    }

    /** Operator override: {@code UP} (clears it), {@code DRAINING} or {@code OUT_OF_SERVICE}. */
    public void setStatus(String service, String instanceId, InstanceStatus status) {
        client.transport().call(Call.put("/api/v1/services/" + segment(service) + "/instances/" + segment(instanceId) + "/status",
                new StatusChange(status.name())), String.class);
    }

    /** Why and when the instance changed. */
    public List<InstanceEvent> events(String service, String instanceId) {
        return client.transport().call(Call.get("/api/v1/services/" + segment(service) + "/instances/" + segment(instanceId) + "/events"),
                Json.MAPPER.getTypeFactory().constructType(new TypeReference<List<InstanceEvent>>() { }));
    }

    /**
     * Registers an instance once, with no heartbeats (one call): it lives for its ttl unless something heartbeats it
     * ({@code PUT .../instances/{id}/heartbeat}). For tools and scripts such as the CLI's {@code services register};
     * an application uses {@link #register}, which keeps it registered.
     */
    public Registered registerOnce(InstanceSpec spec) {
        Registration body = new Registration(spec.address, spec.port, spec.tags, spec.metadata, spec.ttl.toSeconds(), spec.check, null);
        return client.transport().call(Call.put("/api/v1/services/" + segment(spec.service) + "/instances/" + segment(spec.instanceId()), body),
                Registered.class);
    }

    /** Removes an instance registered by anyone (an admin call; a {@link ServiceRegistration} deregisters itself on close). */
    public void deregister(String service, String instanceId) {
        client.transport().call(Call.delete("/api/v1/services/" + segment(service) + "/instances/" + segment(instanceId)), String.class);
    }

    void closeViews() {
        views.values().forEach(v -> client.hub().remove(v.subscriber()));
        views.clear();
    }
}
