package dev.beacon.server.http;

import dev.beacon.api.Headers;
import dev.beacon.core.BeaconException;
import dev.beacon.core.Principal;
import io.javalin.http.Context;

import java.util.regex.Pattern;

/**
 * Who a request writes as, for the core's write seam. An authenticating step earlier in the pipeline may set
 * the principal ({@link #set}); otherwise it is the {@code X-Beacon-Actor} header (a name people choose, checked
 * at the door) or "anonymous", with the client's address.
 */
public final class Principals {
    private static final String ATTRIBUTE = "beacon.principal";
    private static final Pattern ACTOR = Pattern.compile("[\\p{L}\\p{N} ._@:/+-]{1,128}");

    private Principals() {
    }

    /** The principal of this request. @throws BeaconException BAD_REQUEST for a malformed {@code X-Beacon-Actor} */
    public static Principal of(Context ctx) {
        Principal set = ctx.attribute(ATTRIBUTE);
        if (set != null) {
            return set;
        }
        String raw = ctx.header(Headers.ACTOR);
        if (raw == null || raw.isBlank()) {
            return Principal.anonymous(ctx.ip());
        }
        if (!ACTOR.matcher(raw).matches()) {
            throw BeaconException.badRequest(Headers.ACTOR + " must be 1 to 128 letters, digits, spaces or ._@:/+-");
        }
        return new Principal(raw, null, ctx.ip());
    }

    /** Makes {@code principal} the one this request writes as (e.g. after a token was checked). */
    public static void set(Context ctx, Principal principal) {
        ctx.attribute(ATTRIBUTE, principal);
    }
}
