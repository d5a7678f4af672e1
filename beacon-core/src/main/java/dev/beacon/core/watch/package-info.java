/**
 * The watch mirror: an in-memory copy of one etcd key prefix ("range at R, then watch from R+1"),
 * its ring of recent changes, and the fan-out of those changes to subscribers.
 */
package dev.beacon.core.watch;
