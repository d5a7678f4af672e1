package dev.beacon.api;

/**
 * Who made an audited write: the name shown to people (a token's description, the {@code X-Beacon-Actor} header,
 * or {@code anonymous}) and the id of the token that authenticated it (null without one). Never a secret.
 */
public record AuditActor(String name, String tokenId) {
}
