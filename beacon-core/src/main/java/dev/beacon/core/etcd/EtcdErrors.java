package dev.beacon.core.etcd;

import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The one translation table from jetcd/gRPC failures to {@link BeaconException}. jetcd reports
 * failures as {@link EtcdException}, {@link CompactedException} or raw gRPC status exceptions
 * (OUT_OF_RANGE for a compacted get, NOT_FOUND for a revoked lease); all land here.
 */
public final class EtcdErrors {
    private EtcdErrors() {
    }

    /** Unwraps completion wrappers and maps the cause; a BeaconException passes through unchanged. */
    public static BeaconException map(Throwable failure, String what, List<String> endpoints) {
        Throwable t = unwrap(failure);
        if (t instanceof BeaconException be) {
            return be;
        }
        if (t instanceof TimeoutException) {
            return unavailable(what + ": etcd did not answer within the request timeout", endpoints, t);
        }
        if (t instanceof CompactedException ce) {
            return new BeaconException(ErrorCode.COMPACTED, what + ": revision " + ce.getCompactedRevision()
                    + " and older were compacted in etcd", "reload the current state and resume from its revision",
                    null, t);
        }
        if (t instanceof io.etcd.jetcd.lease.NoSuchLeaseException) {
            return new BeaconException(ErrorCode.NOT_FOUND, what + ": the lease does not exist (expired or revoked)", null, null, t);
        }
        Status.Code code = grpcCode(t);
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (message.contains("required revision has been compacted")) {
            return new BeaconException(ErrorCode.COMPACTED, what + ": the requested revision was compacted in etcd",
                    "reload the current state and resume from its revision", null, t);
        }
        if (message.contains("requested lease not found")) {
            return new BeaconException(ErrorCode.NOT_FOUND, what + ": the lease does not exist (expired or revoked)",
                    null, null, t);
        }
        if (message.contains("request is too large") || message.contains("too many operations in txn")) {
            return new BeaconException(ErrorCode.PAYLOAD_TOO_LARGE, what + ": etcd refused the request as too large",
                    "keep values under 1 MiB and batches under 128 operations", null, t);
        }
        if (code == null) {
            return new BeaconException(ErrorCode.INTERNAL, what + ": " + message, null, null, t);
        }
        switch (code) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, ABORTED:
                return unavailable(what + ": " + message, endpoints, t);
            case UNKNOWN:
                // seen when a member dies under a call ("channel closed"): the connection failed, not the request
                return unavailable(what + ": " + message, endpoints, t);
            case INTERNAL:
                if (isTransport(message)) {
                    return unavailable(what + ": " + message, endpoints, t); // a reset or closed HTTP/2 stream
                }
                return new BeaconException(ErrorCode.INTERNAL, what + ": " + message, null, null, t);
            case OUT_OF_RANGE:
                return new BeaconException(ErrorCode.COMPACTED, what + ": " + message,
                        "reload the current state and resume from its revision", null, t);
            case NOT_FOUND:
                return new BeaconException(ErrorCode.NOT_FOUND, what + ": " + message, null, null, t);
            case UNAUTHENTICATED, PERMISSION_DENIED:
                return new BeaconException(ErrorCode.ETCD_UNAVAILABLE, what + ": etcd refused Beacon's credentials: " + message,
                        "check --etcd-user/--etcd-password or the client certificate, and the etcd role's permissions",
                        null, t);
            case INVALID_ARGUMENT, FAILED_PRECONDITION:
                return new BeaconException(ErrorCode.BAD_REQUEST, what + ": " + message, null, null, t);
            case RESOURCE_EXHAUSTED:
                return new BeaconException(ErrorCode.ETCD_UNAVAILABLE, what + ": " + message,
                        "etcd is out of space (quota) or the request is too big; check 'etcdctl endpoint status' and alarms",
                        null, t);
            default:
                return new BeaconException(ErrorCode.INTERNAL, what + ": " + message, null, null, t);
        }
    }

    /** True for failures that mean "etcd is not reachable right now" (retrying later may work). */
    public static boolean isTransient(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof TimeoutException) {
            return true;
        }
        Status.Code code = grpcCode(t);
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.INTERNAL;
    }

    /** True when a watch error is terminal: compaction, or a halt error ("no leader", codes other than UNAVAILABLE/INTERNAL). */
    public static boolean isWatchTerminal(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof CompactedException) {
            return true;
        }
        String message = String.valueOf(t.getMessage());
        if (message.contains("no leader") || message.contains("compacted")) {
            return true;
        }
        Status.Code code = grpcCode(t);
        return code != null && code != Status.Code.UNAVAILABLE && code != Status.Code.INTERNAL;
    }

    /** True when a watch ended because the revision it resumes from was compacted away: only a re-list recovers. */
    public static boolean isCompacted(Throwable failure) {
        Throwable t = unwrap(failure);
        return t instanceof CompactedException || String.valueOf(t.getMessage()).contains("compacted");
    }

    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static BeaconException unavailable(String message, List<String> endpoints, Throwable cause) {
        return new BeaconException(ErrorCode.ETCD_UNAVAILABLE, message,
                "check that etcd is running and reachable at " + String.join(",", endpoints)
                        + " (etcdctl --endpoints=" + String.join(",", endpoints) + " endpoint health)",
                null, cause);
    }

    private static Status.Code grpcCode(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StatusRuntimeException sre) {
                return sre.getStatus().getCode();
            }
            if (c instanceof StatusException se) {
                return se.getStatus().getCode();
            }
            if (c instanceof EtcdException ee) {
                try {
                    return Status.Code.valueOf(ee.getErrorCode().name());
                } catch (IllegalArgumentException ignored) {
                    return null;
                }
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    /** True for a gRPC message that says the HTTP/2 connection or stream broke (a member died), not the request. */
    private static boolean isTransport(String message) {
        String m = message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("rst_stream") || m.contains("rst stream") || m.contains("goaway") || m.contains("channel closed")
                || m.contains("connection closed") || m.contains("io exception");
    }
}
