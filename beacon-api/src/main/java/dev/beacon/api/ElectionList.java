package dev.beacon.api;

import java.util.List;

/** Answer of {@code GET /api/v1/elections}: every election with at least one candidate, by name. */
public record ElectionList(long revision, List<Leadership> elections) {
}
