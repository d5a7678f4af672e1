/**
 * Load generators that compare Beacon with raw etcd (jetcd) at the same concurrency. Run by hand
 * (see docs/benchmarks.md); never part of the test suite, never assert timings.
 */
package dev.beacon.bench;
