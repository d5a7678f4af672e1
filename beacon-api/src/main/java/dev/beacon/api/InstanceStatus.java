package dev.beacon.api;

/**
 * An instance's status as discovery shows it. UP, DOWN and UNKNOWN come from the lease and the
 * health checks (UNKNOWN: checked, but no result yet); DRAINING and OUT_OF_SERVICE are set by an
 * operator and win over the checks. Only UP instances are in {@code healthy=true} answers.
 */
public enum InstanceStatus {
    UP, DOWN, UNKNOWN, DRAINING, OUT_OF_SERVICE;

    /** True for the statuses an operator may set: UP (clears an override), DRAINING, OUT_OF_SERVICE. */
    public boolean settable() {
        return this == UP || this == DRAINING || this == OUT_OF_SERVICE;
    }
}
