package dev.beacon.api;

/**
 * Every error Beacon reports, by name. The HTTP status, CLI exit code and SDK exception for each
 * are decided at the boundary (server {@code ErrorMapper}, CLI {@code ExitCodes}); this enum only
 * names the condition. Codes are part of the contract: add freely, never rename.
 */
public enum ErrorCode {
    /** The request is malformed: bad JSON, a missing field, a value out of range. */
    BAD_REQUEST,
    /** A key, app, profile, service or instance name breaks the naming rules. */
    INVALID_NAME,
    /** The request body is larger than the configured limit. */
    PAYLOAD_TOO_LARGE,
    /** The addressed key, item or instance does not exist. */
    NOT_FOUND,
    /**
     * Optimistic concurrency on a raw key: the write's {@code prevRevision} is not the key's current
     * {@code modRevision} (0 = the key must not exist). Same cause as {@link #VERSION_CONFLICT}, for raw keys.
     */
    REVISION_MISMATCH,
    /**
     * Optimistic concurrency on a config item: the write's {@code If-Match} is not the item's current
     * {@code modRevision} (0 = the item must not exist). The comparison is on the mod revision, not the per-key
     * {@code version}; the name is kept because it is part of the wire contract.
     */
    VERSION_CONFLICT,
    /** The requested revision was compacted away in etcd; reload and resume from the current one. */
    COMPACTED,
    /** The instance's lease expired or never existed; the client must register again. */
    NOT_REGISTERED,
    /** The lock is held by someone else (or the token no longer holds it). */
    LOCK_HELD,
    /** A server-side limit was reached (e.g. too many distinct watched prefixes); retry later or ask for less. */
    LIMIT_EXCEEDED,
    /** etcd could not be reached or did not answer within the request timeout. */
    ETCD_UNAVAILABLE,
    /** The request needs a valid token. */
    UNAUTHORIZED,
    /** The token is valid but does not allow this. */
    FORBIDDEN,
    /** No route for this method and path. */
    NO_SUCH_ENDPOINT,
    /** The method is not allowed on this path. */
    METHOD_NOT_ALLOWED,
    /** A bug or an unexpected failure; the log has the details under the request id. */
    INTERNAL,
    /** A config value breaks a rule: larger than the value limit, or not parseable as its app/profile's declared format. */
    INVALID_VALUE
}
