/**
 * The Beacon Java SDK: {@link dev.beacon.client.BeaconClient} and what it hands out: live config views with a
 * failover file ({@link dev.beacon.client.ConfigView}), registration with heartbeats
 * ({@link dev.beacon.client.ServiceRegistration}), discovery from a cache ({@link dev.beacon.client.ServiceView}),
 * locks, elections, sessions, raw keys and config administration. Depends on the JDK HttpClient and Jackson only.
 * Docs: docs/sdk.md.
 */
package dev.beacon.client;
