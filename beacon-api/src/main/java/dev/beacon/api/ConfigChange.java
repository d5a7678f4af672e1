package dev.beacon.api;

/**
 * One change of an app/profile as the config long poll reports it: {@code op} is {@code PUT} or
 * {@code DELETE}; {@code value} is null for a DELETE; {@code modRevision} is the revision of the change.
 */
public record ConfigChange(String key, String op, String value, long modRevision) {
}
