package dev.beacon.api;

import java.util.List;

/** One entry of {@code GET /api/v1/apps}: an app and the profiles that hold at least one item. */
public record AppProfiles(String app, List<String> profiles) {
}
