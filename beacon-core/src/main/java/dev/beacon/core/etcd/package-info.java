/**
 * The etcd connection: one jetcd {@code Client} per process, a deadline on every call, the single
 * jetcd→{@link dev.beacon.core.BeaconException} translation table, and the health monitor.
 */
package dev.beacon.core.etcd;
