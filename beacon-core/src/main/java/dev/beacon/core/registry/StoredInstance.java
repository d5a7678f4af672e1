package dev.beacon.core.registry;

import dev.beacon.api.Check;

import java.util.List;
import java.util.Map;

/**
 * The instance JSON under {@code {root}/services/{service}/{id}}, on the instance's lease.
 * {@code ttl} is the lease's TTL at registration (seconds), {@code registeredAt} ISO-8601.
 */
public record StoredInstance(String id, String service, String address, int port, List<String> tags,
                             Map<String, String> metadata, Check check, long ttl, String registeredAt) {
}
