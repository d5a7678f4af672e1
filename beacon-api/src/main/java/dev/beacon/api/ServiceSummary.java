package dev.beacon.api;

/** One entry of {@code GET /api/v1/services}: how many instances a service has and how many are UP. */
public record ServiceSummary(String service, int instances, int healthy) {
}
