package dev.beacon.api;

/**
 * Body of {@code POST /api/v1/config/{app}/{profile}/clients}: a client (an SDK config view) says which revision of
 * the app/profile it has applied. The report lives on a lease: {@code leaseId} (from an earlier answer) keeps one
 * lease per client process alive; without it, or when that lease is gone, the server grants a new one of {@code ttl}
 * seconds (2–300, default 30) and answers its id. A client that stops reporting vanishes with its lease.
 *
 * @param instanceId the client's id (stable for the life of its process), 1–128 of {@code [A-Za-z0-9._-]}; required
 * @param revision   the etcd revision of the app/profile the client has applied; required
 * @param appliedAt  when it applied it (ISO-8601); the server's time when absent
 * @param host       the client's host name, informational
 * @param pid        the client's process id, informational
 * @param sdkVersion the SDK's version, informational
 */
public record ClientReport(String instanceId, Long revision, String appliedAt, String host, Long pid, String sdkVersion,
                           Long ttl, Long leaseId) {
}
