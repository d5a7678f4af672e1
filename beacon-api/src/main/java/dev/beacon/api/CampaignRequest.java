package dev.beacon.api;

/**
 * Body of {@code POST /api/v1/elections/{name}}.
 *
 * @param candidate who campaigns (shown as the leader's name), 1–256 characters, no control characters; required
 * @param ttl       seconds the candidacy lives without a keep-alive (2–300); required
 * @param waitMs    how long to wait for leadership before answering with the queued position (default 0)
 */
public record CampaignRequest(String candidate, Long ttl, Long waitMs) {
}
