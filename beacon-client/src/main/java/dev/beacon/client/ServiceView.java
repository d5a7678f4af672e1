package dev.beacon.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.api.Instance;
import dev.beacon.api.ServiceInstances;
import dev.beacon.client.internal.Json;
import dev.beacon.client.internal.SerialExecutor;
import dev.beacon.client.internal.StreamSubscriber;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The client's cache of one service's instances, kept fresh by the shared push connection. Reads never block and
 * never call a server. While no server answers, the cache keeps the last known instances: {@link #stale()} is true
 * and {@link #age()} says how long since the cache was last known current. Listeners get the new instance list
 * after each change (in order, on their own serial queue on the client's listener pool).
 */
public final class ServiceView {
    private final BeaconClient client;
    private final String service;
    private final Subscriber subscriber = new Subscriber();
    private final List<Consumer<List<Instance>>> listeners = new CopyOnWriteArrayList<>();
    private final List<SerialExecutor> queues = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private volatile Map<String, Instance> instances;
    private volatile long revision;
    private volatile boolean connected = true;
    private volatile Instant lastSync;

    ServiceView(BeaconClient client, String service, ServiceInstances initial) {
        this.client = client;
        this.service = service;
        this.instances = index(initial.instances());
        this.revision = initial.revision();
        this.lastSync = Instant.now();
    }

    StreamSubscriber subscriber() {
        return subscriber;
    }

    public String service() {
        return service;
    }

    /** Every known instance, whatever its status, by id. */
    public List<Instance> instances() {
        return List.copyOf(instances.values());
    }

    /** The instances whose status is UP. */
    public List<Instance> healthy() {
        return instances.values().stream().filter(i -> "UP".equals(i.status())).toList();
    }

    /** The next healthy instance in turn (round robin), or empty when none is UP. */
    public Optional<Instance> pickRoundRobin() {
        List<Instance> up = healthy();
        return up.isEmpty() ? Optional.empty() : Optional.of(up.get(Math.floorMod(next.getAndIncrement(), up.size())));
    }

    /** A random healthy instance, or empty when none is UP. */
    public Optional<Instance> pickRandom() {
        List<Instance> up = healthy();
        return up.isEmpty() ? Optional.empty() : Optional.of(up.get(ThreadLocalRandom.current().nextInt(up.size())));
    }

    /** The revision the cache reflects. */
    public long revision() {
        return revision;
    }

    /** When the cache was last known current (loaded, subscribed, or a change arrived; now while connected). */
    public Instant lastSync() {
        return connected ? Instant.now() : lastSync;
    }

    /** How old the cached instances may be: zero while connected, else the time since the connection broke. */
    public Duration age() {
        return connected ? Duration.ZERO : Duration.between(lastSync, Instant.now());
    }

    /** True while the client is not connected to a server's stream for this service. */
    public boolean stale() {
        return !connected;
    }

    /** Adds a listener of the instance list (all statuses) on the client's listener pool; close the answer to remove it. */
    public AutoCloseable onChange(Consumer<List<Instance>> listener) {
        SerialExecutor queue = new SerialExecutor(client.threads().listeners());
        Consumer<List<Instance>> queued = list -> queue.execute(() -> listener.accept(list));
        listeners.add(queued);
        return () -> listeners.remove(queued);
    }

    private synchronized void apply(Map<String, Instance> next, long rev) {
        boolean changed = !next.equals(instances);
        instances = next;
        revision = Math.max(revision, rev);
        lastSync = Instant.now();
        if (changed) {
            List<Instance> list = List.copyOf(next.values());
            listeners.forEach(l -> l.accept(list));
        }
    }

    private static Map<String, Instance> index(List<Instance> list) {
        Map<String, Instance> m = new TreeMap<>();
        if (list != null) {
            list.forEach(i -> m.put(i.id(), i));
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private final class Subscriber implements StreamSubscriber {
        @Override
        public String subscription() {
            return "services/" + service;
        }

        @Override
        public long resumeAfter() {
            // changes are whole instances keyed by id: replaying the last revision again is harmless
            return Math.max(0, revision - 1);
        }

        @Override
        public void onSubscribed(long rev) {
            connected = true;
            lastSync = Instant.now();
        }

        @Override
        public void onEvent(String type, long rev, JsonNode data) {
            Instance instance = Json.convert(data, Instance.class);
            synchronized (ServiceView.this) {
                Map<String, Instance> m = new TreeMap<>(instances);
                if ("delete".equals(type)) {
                    m.remove(instance.id());
                } else {
                    m.put(instance.id(), instance);
                }
                apply(java.util.Collections.unmodifiableMap(m), rev);
            }
        }

        @Override
        public void onDisconnected(String reason) {
            if (connected) {
                lastSync = Instant.now();
                connected = false;
            }
        }

        @Override
        public void reload() {
            ServiceInstances fresh = client.registry().instances(service);
            apply(index(fresh.instances()), fresh.revision());
        }
    }
}
