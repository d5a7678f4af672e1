package dev.beacon.api;

/** What happened to an instance. The removal types answer "why did my instance vanish?". */
public enum InstanceEventType {
    /** Registered (or re-registered). */
    REGISTERED(false),
    /** Its check passed enough times in a row: the status became UP. */
    CHECK_PASSED(false),
    /** Its check failed enough times in a row: the status became DOWN. */
    CHECK_FAILED(false),
    /** An operator set (or cleared) a status override. */
    STATUS_SET(false),
    /** Removed by a deregister call. */
    DEREGISTERED(true),
    /** Removed because its lease ran out: no heartbeat within the TTL (or the lease was revoked outside Beacon). */
    LEASE_EXPIRED(true),
    /** Removed because it stayed DOWN for its check's {@code deregisterAfter}. */
    DEREGISTERED_BY_CHECK(true),
    /** Removed outside Beacon while its lease was alive (e.g. {@code etcdctl del}). */
    DELETED_BY_OPERATOR(true);

    private final boolean removal;

    InstanceEventType(boolean removal) {
        this.removal = removal;
    }

    public boolean removal() {
        return removal;
    }
}
