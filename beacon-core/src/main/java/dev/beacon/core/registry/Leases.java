package dev.beacon.core.registry;

import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.EtcdErrors;
import io.etcd.jetcd.options.LeaseOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease calls the registry makes for instances. The blocking ones run on request threads (or a
 * probe thread), with the request deadline; the asynchronous ones never block anyone.
 */
final class Leases {
    private static final Logger log = LoggerFactory.getLogger(Leases.class);
    private final EtcdConnection etcd;

    Leases(EtcdConnection etcd) {
        this.etcd = etcd;
    }

    /** Grants a lease and returns its id. */
    long grant(long ttlSeconds) {
        return etcd.await("grant a lease of " + ttlSeconds + "s", () -> etcd.client().getLeaseClient().grant(ttlSeconds)).getID();
    }

    /**
     * One keep-alive: the lease's TTL afterwards, or -1 when the lease no longer exists (expired or revoked;
     * etcd answers TTL 0 for an unknown lease).
     *
     * @throws BeaconException ETCD_UNAVAILABLE when etcd does not answer in time
     */
    long keepAlive(long leaseId) {
        try {
            long ttl = etcd.await("keep lease " + Long.toHexString(leaseId) + " alive",
                    () -> etcd.client().getLeaseClient().keepAliveOnce(leaseId)).getTTL();
            return ttl > 0 ? ttl : -1;
        } catch (BeaconException e) {
            if (e.code() == ErrorCode.NOT_FOUND || e.getCause() instanceof io.etcd.jetcd.lease.NoSuchLeaseException) {
                return -1;
            }
            throw e;
        }
    }

    /** Revokes the lease in the background once no key is attached to it any more (a shared lease keeps living). */
    void revokeIfUnused(long leaseId) {
        if (leaseId == 0) {
            return;
        }
        etcd.call("look up lease " + Long.toHexString(leaseId),
                        () -> etcd.client().getLeaseClient().timeToLive(leaseId, LeaseOption.builder().withAttachedKeys().build()))
                .thenCompose(ttl -> ttl.getTTL() > 0 && ttl.getKeys().isEmpty()
                        ? etcd.call("revoke lease " + Long.toHexString(leaseId), () -> etcd.client().getLeaseClient().revoke(leaseId))
                        : java.util.concurrent.CompletableFuture.completedFuture(null))
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        log.info("could not revoke unused lease {} ({}); it expires by itself", Long.toHexString(leaseId),
                                EtcdErrors.unwrap(failure).getMessage());
                    }
                });
    }

    /** Revokes in the background, e.g. a lease granted for a write that then failed. */
    void revokeQuietly(long leaseId) {
        etcd.call("revoke lease " + Long.toHexString(leaseId), () -> etcd.client().getLeaseClient().revoke(leaseId));
    }
}
