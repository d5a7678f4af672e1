package dev.beacon.server.auth;

import dev.beacon.core.Principal;
import dev.beacon.core.auth.Grant;

/**
 * Who a request authenticated as and what it may do.
 *
 * @param principal     who writes (the token's description, its id)
 * @param grant         role and scopes
 * @param tokenId       the API token's id; null for the configured admin token
 * @param tokenRevision the etcd revision the token record was read at (to tell "revoked" from "not mirrored yet")
 * @param sessionId     the console session's id when the request came with the session cookie, else null
 * @param csrf          that session's CSRF token, else null
 */
public record Access(Principal principal, Grant grant, String tokenId, long tokenRevision, String sessionId, String csrf) {
    static final String ATTRIBUTE = "beacon.access";

    /** The configured admin token: everything. */
    boolean unrestricted() {
        return grant.role() == dev.beacon.core.auth.Role.ADMIN;
    }

    boolean viaCookie() {
        return sessionId != null;
    }
}
