package dev.beacon.core.etcd;

import dev.beacon.api.ErrorCode;
import dev.beacon.api.LeaseTtl;
import dev.beacon.core.BeaconException;
import dev.beacon.core.Read;
import io.etcd.jetcd.options.LeaseOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * The one set of lease calls the features make (registrations, sessions, lock and election contenders): all
 * asynchronous, each with the request deadline, results on Beacon's executor, never blocking. A keep-alive
 * answers how long the lease lives from now, or fails NOT_FOUND once the lease is gone; a revoke treats
 * "already gone" as done. A caller on a request thread that needs the answer waits with
 * {@link EtcdConnection#await}. (The process's own long-lived leases are kept by {@link LeaseKeeper}.)
 */
public final class Leases {
    private static final Logger log = LoggerFactory.getLogger(Leases.class);

    private final EtcdConnection etcd;

    public Leases(EtcdConnection etcd) {
        this.etcd = etcd;
    }

    public CompletableFuture<Long> grant(long ttlSeconds, String what) {
        return etcd.call("grant a lease for " + what, () -> etcd.client().getLeaseClient().grant(ttlSeconds))
                .thenApply(granted -> granted.getID());
    }

    /** One keep-alive: completes with the lease's ttl from now; exceptionally NOT_FOUND when the lease is gone. */
    public CompletableFuture<Long> keepAlive(long leaseId) {
        return etcd.call("keep lease " + Long.toHexString(leaseId) + " alive", () -> etcd.client().getLeaseClient().keepAliveOnce(leaseId))
                .thenApply(answer -> {
                    if (answer.getTTL() <= 0) {
                        throw new BeaconException(ErrorCode.NOT_FOUND, "lease " + Long.toHexString(leaseId) + " has expired");
                    }
                    return answer.getTTL();
                });
    }

    /**
     * How long a lease still lives (etcd's {@code timeToLive}): completes with the seconds left and the granted TTL, at
     * the revision etcd answered at; exceptionally NOT_FOUND when the lease has expired or was revoked. Never blocks.
     */
    public CompletableFuture<Read<LeaseTtl>> timeToLive(long leaseId) {
        return etcd.call("look up lease " + Long.toHexString(leaseId), () -> etcd.client().getLeaseClient().timeToLive(leaseId, LeaseOption.DEFAULT))
                .thenApply(answer -> {
                    if (answer.getTTL() < 0) {
                        throw new BeaconException(ErrorCode.NOT_FOUND, "lease " + leaseId + " does not exist (it expired or was revoked)",
                                "a registration, session or lock that used it has to be made again", null, null);
                    }
                    return Read.consistent(new LeaseTtl(Long.toString(leaseId), answer.getTTL(), answer.getGrantedTTL()),
                            answer.getHeader().getRevision());
                });
    }

    /** Revokes a lease, so its keys go at once; a lease that is already gone is fine. Never blocks. */
    public CompletableFuture<Void> revoke(long leaseId) {
        return etcd.call("revoke lease " + Long.toHexString(leaseId), () -> etcd.client().getLeaseClient().revoke(leaseId))
                .handle((ok, failure) -> {
                    if (failure != null && !isGone(failure)) {
                        log.info("could not revoke lease {} ({}); it expires with its ttl", Long.toHexString(leaseId),
                                EtcdErrors.unwrap(failure).getMessage());
                    }
                    return null;
                });
    }

    /** Revokes the lease in the background once no key is attached to it any more (a shared lease keeps living). */
    public void revokeIfUnused(long leaseId) {
        if (leaseId == 0) {
            return;
        }
        etcd.call("look up lease " + Long.toHexString(leaseId),
                        () -> etcd.client().getLeaseClient().timeToLive(leaseId, LeaseOption.builder().withAttachedKeys().build()))
                .thenCompose(ttl -> ttl.getTTL() > 0 && ttl.getKeys().isEmpty() ? revoke(leaseId) : CompletableFuture.completedFuture(null))
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        log.info("could not revoke unused lease {} ({}); it expires by itself", Long.toHexString(leaseId),
                                EtcdErrors.unwrap(failure).getMessage());
                    }
                });
    }

    /** True when a failure says the lease (or key) no longer exists. */
    public static boolean isGone(Throwable failure) {
        return EtcdErrors.unwrap(failure) instanceof BeaconException be && be.code() == ErrorCode.NOT_FOUND;
    }
}
