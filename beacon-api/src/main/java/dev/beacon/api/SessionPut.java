package dev.beacon.api;

/**
 * Body of {@code PUT /api/v1/sessions/{id}}.
 *
 * @param data the session's data: a JSON object (read as maps, lists, strings, numbers, booleans); required
 * @param ttl  seconds the session lives without a touch (2–300); required
 */
public record SessionPut(Object data, Long ttl) {
}
