/** Starts and stops etcd child processes: the server's managed local etcd, and the testkit's nodes and clusters. */
package dev.beacon.core.launcher;
