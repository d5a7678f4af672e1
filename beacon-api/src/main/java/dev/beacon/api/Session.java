package dev.beacon.api;

/**
 * A shared session as stored: its data, the ttl it was written with, its lease, and its key's revisions
 * ({@code modRevision} grows with every replacement).
 */
public record Session(String id, Object data, long ttl, long leaseId, long createRevision, long modRevision) {
}
