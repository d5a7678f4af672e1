package dev.beacon.api;

import java.util.List;
import java.util.Map;

/**
 * The Spring Cloud Config Server "Environment" document, field for field, as {@code GET /scc/{application}/{profile}[/{label}]}
 * answers it. {@code propertySources} are ordered most specific first; {@code version} is the etcd revision.
 */
public record SccEnvironment(String name, List<String> profiles, String label, String version, String state,
                             List<PropertySource> propertySources) {
    /** One named source of properties. */
    public record PropertySource(String name, Map<String, Object> source) {
    }
}
