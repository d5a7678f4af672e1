package dev.beacon.api;

/**
 * Per-service settings ({@code PUT /api/v1/services/{service}/settings}). {@code protectThreshold}
 * (0–1, default 0 = off): when fewer than this fraction of the instances are UP, {@code healthy=true}
 * answers with every instance instead, so a registry-side fault cannot empty a service.
 */
public record ServiceSettings(Double protectThreshold) {
}
