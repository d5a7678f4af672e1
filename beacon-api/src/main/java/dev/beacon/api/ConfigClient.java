package dev.beacon.api;

/**
 * One client of an app/profile as delivery tracking shows it: who (instance id, host, pid, SDK version), which
 * revision it has applied and since when (ISO-8601), when it last reported, and whether that revision is at least the
 * app/profile's latest change ({@code current}).
 */
public record ConfigClient(String instanceId, String host, long pid, String sdkVersion, long revision, String since,
                           String reportedAt, boolean current) {
}
