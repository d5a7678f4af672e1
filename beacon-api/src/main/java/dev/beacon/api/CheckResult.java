package dev.beacon.api;

/** The latest health check result of an instance: {@code UP} or {@code DOWN}, what the probe saw, and when (ISO-8601). */
public record CheckResult(String status, String output, String checkedAt) {
}
