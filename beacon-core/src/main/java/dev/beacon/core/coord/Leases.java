package dev.beacon.core.coord;

import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.EtcdErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * The lease calls of the coordination room, asynchronous and with the request deadline: one keep-alive
 * (answering how long the lease lives from now, or NOT_FOUND once it is gone), and a revoke that treats
 * "already gone" as done. Results complete on Beacon's executor.
 */
final class Leases {
    private static final Logger log = LoggerFactory.getLogger(Leases.class);

    private final EtcdConnection etcd;

    Leases(EtcdConnection etcd) {
        this.etcd = etcd;
    }

    CompletableFuture<Long> grant(long ttlSeconds, String what) {
        return etcd.call("grant a lease for " + what, () -> etcd.client().getLeaseClient().grant(ttlSeconds))
                .thenApply(granted -> granted.getID());
    }

    /** One keep-alive: completes with the lease's ttl from now; exceptionally NOT_FOUND when the lease is gone. */
    CompletableFuture<Long> keepAlive(long leaseId) {
        return etcd.call("keep lease " + Long.toHexString(leaseId) + " alive", () -> etcd.client().getLeaseClient().keepAliveOnce(leaseId))
                .thenApply(answer -> {
                    if (answer.getTTL() <= 0) {
                        throw new BeaconException(ErrorCode.NOT_FOUND, "lease " + Long.toHexString(leaseId) + " has expired");
                    }
                    return answer.getTTL();
                });
    }

    /** Revokes a lease, so its keys go at once; a lease that is already gone is fine. Never blocks. */
    CompletableFuture<Void> revoke(long leaseId) {
        return etcd.call("revoke lease " + Long.toHexString(leaseId), () -> etcd.client().getLeaseClient().revoke(leaseId))
                .handle((ok, failure) -> {
                    if (failure != null && !isGone(failure)) {
                        log.info("could not revoke lease {} ({}); it expires with its ttl", Long.toHexString(leaseId),
                                EtcdErrors.unwrap(failure).getMessage());
                    }
                    return null;
                });
    }

    /** True when a failure says the lease (or key) no longer exists. */
    static boolean isGone(Throwable failure) {
        return EtcdErrors.unwrap(failure) instanceof BeaconException be && be.code() == ErrorCode.NOT_FOUND;
    }
}
