/** Operations endpoints: liveness, readiness (etcd and every mirror). */
package dev.beacon.server.ops;
