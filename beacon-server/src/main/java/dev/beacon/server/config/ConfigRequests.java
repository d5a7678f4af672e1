package dev.beacon.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.api.Headers;
import dev.beacon.core.BeaconException;
import dev.beacon.server.http.Params;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** What config requests carry besides the path: If-Match and the fields of JSON bodies, checked at the door. */
final class ConfigRequests {

    private ConfigRequests() {
    }

    /** {@code If-Match: 42} (or {@code "42"}, as an ETag); null when absent. */
    static Long ifMatch(Context ctx) {
        String raw = ctx.header("If-Match");
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String v = raw.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw BeaconException.badRequest("If-Match must be an item's modRevision (or 0 for create-only), got '" + raw + "'");
        }
    }

    static String requiredText(JsonNode body, String field, String example) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw BeaconException.badRequest(field + " is missing; send " + example);
        }
        if (!v.isTextual()) {
            throw BeaconException.badRequest(field + " must be a string, got " + v.getNodeType().name().toLowerCase() + "; send " + example);
        }
        return v.asText();
    }

    static String optionalText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw BeaconException.badRequest(field + " must be a string");
        }
        return v.asText();
    }

    static JsonNode object(JsonNode body, String example) {
        if (!body.isObject()) {
            throw BeaconException.badRequest("the body must be a JSON object: " + example);
        }
        return body;
    }

    /** {@code {"items":{"k":"v",...}}}: every value a string. */
    static Map<String, String> items(JsonNode body) {
        JsonNode items = body.get("items");
        if (items == null || items.isNull()) {
            throw BeaconException.badRequest("items is missing; send {\"items\":{\"key\":\"value\",...}, \"comment\":\"...\"}");
        }
        if (!items.isObject()) {
            throw BeaconException.badRequest("items must be a JSON object of key → string value");
        }
        Map<String, String> out = new LinkedHashMap<>();
        items.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw BeaconException.badRequest("value of '" + e.getKey() + "' must be a string, got "
                        + e.getValue().getNodeType().name().toLowerCase());
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    static long requiredLong(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw BeaconException.badRequest(field + " is missing");
        }
        if (!v.canConvertToExactIntegral() || !v.isNumber()) {
            throw BeaconException.badRequest(field + " must be a whole number, got " + v);
        }
        return v.asLong();
    }

    static int limit(Context ctx, int defaultValue) {
        long limit = Params.longParam(ctx, "limit", defaultValue);
        if (limit < 1 || limit > Integer.MAX_VALUE) {
            throw BeaconException.badRequest("limit must be a positive number, got " + limit);
        }
        return (int) limit;
    }
}
