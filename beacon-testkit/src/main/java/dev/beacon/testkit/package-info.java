/**
 * Real etcd and real Beacon servers for tests: {@link dev.beacon.testkit.EtcdExtension} (one node or
 * three, on free loopback ports in a temp dir), {@link dev.beacon.testkit.BeaconExtension} (one or more
 * Beacon servers on that etcd), {@link dev.beacon.testkit.Faults} (stop, kill, restart, compact) and
 * {@link dev.beacon.testkit.TestHttp} (a small JSON HTTP client). Nothing here mocks etcd.
 */
package dev.beacon.testkit;
