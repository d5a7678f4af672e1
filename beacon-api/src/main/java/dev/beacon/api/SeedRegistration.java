package dev.beacon.api;

import java.util.List;
import java.util.Map;

/**
 * Body of the seed's {@code POST /v1/registry/register}: a {@link Registration} that also names the
 * service and, optionally, the instance id (generated from address and port when absent).
 */
public record SeedRegistration(String service, String id, String address, Integer port, List<String> tags,
                               Map<String, String> metadata, Long ttl, Check check, Long leaseId) {
    public Registration registration() {
        return new Registration(address, port, tags, metadata, ttl, check, leaseId);
    }
}
