package dev.beacon.api;

import java.util.List;

/** Answer of {@code GET /api/v1/config/{app}/{profile}}: every item of one app/profile, in key order, at {@code revision}. */
public record ConfigList(String app, String profile, long revision, List<Item> items) {
}
