package dev.beacon.api;

import java.util.List;

/**
 * Answer of {@code GET /api/v1/config/{app}/{profile}/clients}: every live client of the app/profile (ordered by
 * instance id), the revision of the app/profile's latest item change ({@code latestChange}), and the revision the
 * answer reflects.
 */
public record ConfigClients(String app, String profile, long revision, long latestChange, List<ConfigClient> clients) {
}
