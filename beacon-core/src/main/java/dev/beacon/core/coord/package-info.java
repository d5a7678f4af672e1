/**
 * Shared state for applications that run as several instances: locks with fencing tokens
 * ({@link dev.beacon.core.coord.Locks}), leader elections ({@link dev.beacon.core.coord.Elections}, with
 * {@link dev.beacon.core.coord.LeaderLatch} for Beacon's own use) and sessions that expire with their lease
 * ({@link dev.beacon.core.coord.Sessions}). Locks and elections are etcd's own recipes
 * ({@code client/v3/concurrency} mutex and election): one key per contender on its own lease, ordered by
 * create revision. Reads come from the server's root mirror through its read gate; writes go through the
 * server's {@link dev.beacon.core.WriteSeam}; lease calls through {@link dev.beacon.core.etcd.Leases}.
 */
package dev.beacon.core.coord;
