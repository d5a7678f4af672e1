package dev.beacon.cli;

import dev.beacon.client.BeaconClientException;

/**
 * The one table of the CLI's exit codes (documented in docs/cli.md). {@link #of(BeaconClientException)} is the only
 * place an SDK failure becomes an exit code.
 *
 * <pre>
 * 0 OK            the command did what was asked
 * 1 ERROR         anything else went wrong (a server error, a file that cannot be read, a lost lock)
 * 2 USAGE         bad arguments or options, or a request the server refused as malformed
 * 3 NOT_FOUND     the item, key, service, instance or lock does not exist
 * 4 CONFLICT      a compare failed: --if-match / --prev-revision mismatch, lock held by another
 * 5 UNAVAILABLE   no server answered, or the server cannot reach etcd
 * 6 UNAUTHORIZED  the token is missing, invalid or not allowed to do this
 * </pre>
 *
 * {@code lock -- COMMAND} and {@code elect -- COMMAND} exit with the command's own code once it ran.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int USAGE = 2;
    public static final int NOT_FOUND = 3;
    public static final int CONFLICT = 4;
    public static final int UNAVAILABLE = 5;
    public static final int UNAUTHORIZED = 6;

    private ExitCodes() {
    }

    public static int of(BeaconClientException e) {
        switch (e.kind()) {
            case NOT_FOUND:
                return NOT_FOUND;
            case CONFLICT:
                return CONFLICT;
            case UNAVAILABLE:
                return UNAVAILABLE;
            case UNAUTHORIZED:
                return UNAUTHORIZED;
            case BAD_REQUEST:
                return USAGE;
            default:
                return ERROR;
        }
    }

    /** The one stderr line for an SDK failure: what happened, then what to check. */
    public static String message(BeaconClientException e) {
        String hint = e.hint();
        if (hint == null || hint.isBlank()) {
            hint = defaultHint(e.kind());
        }
        return oneLine(e.getMessage()) + (hint == null ? "" : " (hint: " + oneLine(hint) + ")");
    }

    private static String defaultHint(BeaconClientException.Kind kind) {
        switch (kind) {
            case UNAVAILABLE:
                return "check --server / BEACON_SERVER and that a Beacon server runs there";
            case UNAUTHORIZED:
                return "check --token / BEACON_TOKEN and the token's role and scope";
            case CONFLICT:
                return "read the current revision and retry";
            default:
                return null;
        }
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
