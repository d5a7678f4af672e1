package dev.beacon.core.auth;

import java.util.List;

/**
 * A token as stored in etcd ({@code {root}/auth/tokens/{id}}) and listed by the API: everything but the token,
 * of which only a hash is kept ({@code hash}, left out of listings).
 *
 * @param expiresAt epoch milliseconds, or null when it never expires
 * @param createdAt epoch milliseconds
 */
public record TokenRecord(String id, String role, List<String> scopes, String description, long createdAt, Long expiresAt,
                          String createdBy, String hash) {

    /** The record without its hash, as {@code GET /api/v1/auth/tokens} lists it. */
    public TokenRecord listed() {
        return new TokenRecord(id, role, scopes, description, createdAt, expiresAt, createdBy, null);
    }

    public boolean expired(long nowMillis) {
        return expiresAt != null && nowMillis >= expiresAt;
    }

    /** The role and scopes it grants. */
    public Grant grant() {
        return new Grant(Role.parse(role), scopes == null ? List.of() : scopes.stream().map(Scope::parse).toList());
    }

    /** Who writes with it: its description, else {@code token <id>}. */
    public String displayName() {
        return description == null || description.isBlank() ? "token " + id : description;
    }
}
