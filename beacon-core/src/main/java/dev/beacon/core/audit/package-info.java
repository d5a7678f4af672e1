/**
 * The audit trail: one record per write that passed the {@link dev.beacon.core.WriteSeam} (who, from where, what,
 * on which target, at which revision, with which result), kept in etcd under {@code {root}/audit/} outside the
 * mirrors, read newest first in pages, and pruned after a retention.
 */
package dev.beacon.core.audit;
