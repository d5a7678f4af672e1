package dev.beacon.client;

import dev.beacon.api.ErrorCode;
import dev.beacon.api.LockGrant;
import dev.beacon.api.LockHolder;
import dev.beacon.api.LockList;
import dev.beacon.api.LockRequest;
import dev.beacon.client.internal.Transport.Call;

import java.time.Duration;
import java.util.Optional;

import static dev.beacon.client.internal.Transport.segment;

/** Distributed locks with fencing tokens. A {@link HeldLock} is kept alive until closed (or the client is). */
public final class Locks {
    private final BeaconClient client;

    Locks(BeaconClient client) {
        this.client = client;
    }

    /**
     * Takes lock {@code name}, waiting up to the client's call timeout when another holds it.
     *
     * @param ttl how long the lock outlives this process if it stops keeping it alive (2–300 s)
     * @throws BeaconClientException CONFLICT (LOCK_HELD) when it was not acquired in time
     */
    public HeldLock acquire(String name, Duration ttl) {
        return acquire(name, ttl, Duration.ofSeconds(10));
    }

    /** Takes lock {@code name}, waiting up to {@code wait} (zero: try once). @throws BeaconClientException CONFLICT when not acquired */
    public HeldLock acquire(String name, Duration ttl, Duration wait) {
        client.requireOpen();
        LockRequest body = new LockRequest(ttl.toSeconds(), wait.toMillis(), owner());
        LockGrant grant = client.transport().call(Call.post("/api/v1/locks/" + segment(name), body).serverTime(wait), LockGrant.class);
        HeldLock held = new HeldLock(client, grant, ttl);
        held.start();
        return client.own(held);
    }

    /** Takes the lock if free now; empty when another holds it. */
    public Optional<HeldLock> tryAcquire(String name, Duration ttl) {
        try {
            return Optional.of(acquire(name, ttl, Duration.ZERO));
        } catch (BeaconClientException e) {
            if (e.code() == ErrorCode.LOCK_HELD) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Who holds {@code name}. @throws BeaconClientException NOT_FOUND when nobody holds it */
    public LockHolder holder(String name) {
        return client.transport().call(Call.get("/api/v1/locks/" + segment(name)), LockHolder.class);
    }

    public LockList list() {
        return client.transport().call(Call.get("/api/v1/locks"), LockList.class);
    }

    static String owner() {
        return localHost() + " pid " + ProcessHandle.current().pid();
    }

    private static String localHost() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
