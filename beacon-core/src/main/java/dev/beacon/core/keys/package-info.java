/** The etcd key layout (the only place that builds or parses /beacon/... keys) and name validation. */
package dev.beacon.core.keys;
