package dev.beacon.server.http;

import dev.beacon.core.BeaconException;
import io.javalin.http.Context;

/** Query parameters and headers, validated at the door: a bad one is a 400 naming it. */
public final class Params {
    private Params() {
    }

    public static Long optionalLong(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        return parseLong(name, raw);
    }

    public static long longParam(Context ctx, String name, long defaultValue) {
        Long v = optionalLong(ctx, name);
        return v == null ? defaultValue : v;
    }

    public static boolean bool(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty() || raw.equals("false")) {
            return false;
        }
        if (raw.equals("true")) {
            return true;
        }
        throw BeaconException.badRequest("query parameter " + name + " must be true or false, got '" + raw + "'");
    }

    public static long parseLong(String name, String raw) {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw BeaconException.badRequest(name + " must be a whole number, got '" + raw + "'");
        }
    }
}
