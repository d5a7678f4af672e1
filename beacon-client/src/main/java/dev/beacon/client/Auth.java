package dev.beacon.client;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.beacon.client.internal.Json;
import dev.beacon.client.internal.Transport;
import dev.beacon.client.internal.Transport.Call;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokens ({@code /api/v1/auth/tokens}; admin, and only while auth is on): create, list, revoke. One blocking call each,
 * with the failover and deadline of every call; failures are {@link BeaconClientException}s (400 BAD_REQUEST when auth is
 * off or the role, scope or ttl is bad; 403 for a token that is not admin).
 */
public final class Auth {
    private static final String TOKENS = "/api/v1/auth/tokens";

    private final Transport transport;

    Auth(Transport transport) {
        this.transport = transport;
    }

    /**
     * A token just created: the only time its secret ({@code token}) is shown; etcd keeps only its hash.
     *
     * @param expiresAt epoch milliseconds, or null when it never expires
     */
    public record IssuedToken(String id, String token, String role, List<String> scopes, String description, Long expiresAt) {
    }

    /**
     * A token as listed: everything but its secret.
     *
     * @param createdAt epoch milliseconds
     * @param expiresAt epoch milliseconds, or null when it never expires
     * @param createdBy who created it (the admin's name or a token's description)
     */
    public record TokenInfo(String id, String role, List<String> scopes, String description, long createdAt, Long expiresAt,
                            String createdBy) {
    }

    /**
     * Creates a token ({@code POST /api/v1/auth/tokens}).
     *
     * @param role        {@code admin}, {@code write} or {@code read}
     * @param scopes      what it may touch, e.g. {@code config:shop/*} (see docs/security.md); null or empty for everything
     *                    its role allows (an admin token takes none)
     * @param ttl         how long it is valid (whole seconds), or null for never expiring
     * @param description who or what uses it, recorded as the writer of what it writes; may be null
     * @throws BeaconClientException BAD_REQUEST for a bad role, scope, ttl or description, or when auth is off
     */
    public IssuedToken createToken(String role, List<String> scopes, Duration ttl, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("role", role);
        if (scopes != null && !scopes.isEmpty()) {
            body.put("scopes", scopes);
        }
        if (ttl != null) {
            body.put("ttl", ttl.getSeconds());
        }
        if (description != null) {
            body.put("description", description);
        }
        return transport.call(Call.post(TOKENS, body), IssuedToken.class);
    }

    /** Every token that has not expired, oldest first, without secrets ({@code GET /api/v1/auth/tokens}). */
    public List<TokenInfo> tokens() {
        com.fasterxml.jackson.databind.JsonNode answer = Json.tree(transport.call(Call.get(TOKENS), String.class));
        if (answer == null || !answer.path("tokens").isArray()) {
            return List.of();
        }
        return Json.MAPPER.convertValue(answer.get("tokens"), new TypeReference<List<TokenInfo>>() { });
    }

    /**
     * Revokes a token ({@code DELETE /api/v1/auth/tokens/{id}}): every server refuses it within about a second.
     *
     * @throws BeaconClientException NOT_FOUND when there is no such token; BAD_REQUEST when {@code id} is not 16 hex digits
     */
    public void revokeToken(String id) {
        transport.call(Call.delete(TOKENS + "/" + Transport.segment(id)), String.class);
    }
}
