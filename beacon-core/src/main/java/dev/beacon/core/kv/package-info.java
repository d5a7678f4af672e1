/** The raw key API: read, list, write (with ttl and compare-and-set) and delete any etcd key. */
package dev.beacon.core.kv;
