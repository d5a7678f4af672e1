package dev.beacon.api;

/**
 * Answer of acquiring a lock and of its keep-alive.
 *
 * @param token   the fencing token: the create revision of the holder's key in etcd; every later holder of the
 *                same lock gets a larger one. A protected resource must refuse a token older than the newest it saw.
 * @param leaseId the etcd lease the lock lives on
 * @param ttl     seconds the lock lives from now without another keep-alive
 */
public record LockGrant(String name, long token, long leaseId, long ttl) {
}
