package dev.beacon.api;

import java.util.List;

/**
 * Answer of {@code GET /api/v1/services/{service}}: the instances at the revision the answer reflects.
 * {@code reachProtectionThreshold} (Nacos' name) is true when {@code healthy=true} was asked but the
 * healthy fraction fell below the service's protection threshold, so every instance is returned instead.
 */
public record ServiceInstances(String service, long revision, boolean reachProtectionThreshold, List<Instance> instances) {
}
