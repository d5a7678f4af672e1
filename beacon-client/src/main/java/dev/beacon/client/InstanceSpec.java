package dev.beacon.client;

import dev.beacon.api.Check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to register: service, address, port, and optionally id (default {@code address-port}), ttl (default 10 s),
 * tags, metadata and an active health check. An immutable value; each {@code with}-style method returns a copy.
 */
public final class InstanceSpec {
    final String service;
    final String id;
    final String address;
    final int port;
    final Duration ttl;
    final List<String> tags;
    final Map<String, String> metadata;
    final Check check;

    private InstanceSpec(String service, String id, String address, int port, Duration ttl, List<String> tags,
                         Map<String, String> metadata, Check check) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, got " + port);
        }
        if (ttl.toSeconds() < 2) {
            throw new IllegalArgumentException("ttl must be at least 2 s, got " + ttl);
        }
        this.service = service;
        this.id = id;
        this.address = address;
        this.port = port;
        this.ttl = ttl;
        this.tags = List.copyOf(tags);
        this.metadata = Map.copyOf(metadata);
        this.check = check;
    }

    public static InstanceSpec of(String service, String address, int port) {
        return new InstanceSpec(service, null, address, port, Duration.ofSeconds(10), List.of(), Map.of(), null);
    }

    public InstanceSpec id(String newId) {
        return new InstanceSpec(service, newId, address, port, ttl, tags, metadata, check);
    }

    /** The lease's time to live; heartbeats go every ttl/3. */
    public InstanceSpec ttl(Duration newTtl) {
        return new InstanceSpec(service, id, address, port, newTtl, tags, metadata, check);
    }

    public InstanceSpec tags(String... newTags) {
        List<String> t = new ArrayList<>(tags);
        t.addAll(List.of(newTags));
        return new InstanceSpec(service, id, address, port, ttl, t, metadata, check);
    }

    public InstanceSpec metadata(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(metadata);
        m.put(key, value);
        return new InstanceSpec(service, id, address, port, ttl, tags, m, check);
    }

    /** An HTTP check of {@code url} every {@code interval}, run by a Beacon server. */
    public InstanceSpec httpCheck(String url, Duration interval) {
        return new InstanceSpec(service, id, address, port, ttl, tags, metadata,
                new Check(url, null, interval.toMillis() + "ms", null, null));
    }

    /** Any check as the API describes it. */
    public InstanceSpec check(Check newCheck) {
        return new InstanceSpec(service, id, address, port, ttl, tags, metadata, newCheck);
    }

    public String service() {
        return service;
    }

    /** The instance id: the one given, or {@code address-port} (dots and colons kept as the API allows). */
    public String instanceId() {
        return id != null ? id : (address + "-" + port).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    public Duration ttl() {
        return ttl;
    }
}
