package dev.beacon.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import dev.beacon.core.StoredJson;
import dev.beacon.core.keys.Names;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Validation of everything a config write carries, before anything is sent to etcd: app and profile
 * names, item keys, values (size, declared format), comments and actors.
 */
public final class ConfigRules {
    /** Value formats an app/profile may declare; every value written there must parse as it. */
    public enum Format { TEXT, JSON, YAML }

    public static final int MAX_COMMENT_CHARS = 1024;
    private static final YAMLMapper YAML = new YAMLMapper();

    private ConfigRules() {
    }

    public static void requireAddress(String app, String profile) {
        Names.requireName("app", app);
        Names.requireName("profile", profile);
    }

    /**
     * An item key: a config key's rules (at most 512 bytes, no control characters, no {@code .}/{@code ..}
     * segment, no leading, trailing or double slash), and a last segment other than {@code history} or
     * {@code rollback} after a slash, which name the item's sub-resources in the HTTP API.
     */
    public static String requireKey(String key) {
        Names.requireConfigKey(key);
        if (key.endsWith("/history") || key.endsWith("/rollback")) {
            throw new BeaconException(ErrorCode.INVALID_NAME, "config key '" + key
                    + "' must not end with '/history' or '/rollback': those paths name an item's history and rollback");
        }
        return key;
    }

    public static void requireValue(String key, String value, int maxBytes, Format format) {
        if (value == null) {
            throw BeaconException.badRequest("value of '" + key + "' is missing; send a string");
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new BeaconException(ErrorCode.INVALID_VALUE, "value of '" + key + "' is " + bytes
                    + " bytes; at most " + maxBytes + " are allowed", "store large documents elsewhere, or raise --max-value-size");
        }
        if (format == Format.JSON) {
            try {
                StoredJson.MAPPER.readTree(value);
            } catch (JsonProcessingException e) {
                throw new BeaconException(ErrorCode.INVALID_VALUE, "value of '" + key + "' is not valid JSON ("
                        + e.getOriginalMessage() + "), and this app/profile declares format json");
            }
        } else if (format == Format.YAML) {
            try {
                YAML.readTree(value);
            } catch (JsonProcessingException e) {
                throw new BeaconException(ErrorCode.INVALID_VALUE, "value of '" + key + "' is not valid YAML ("
                        + firstLine(e.getOriginalMessage()) + "), and this app/profile declares format yaml");
            }
        }
    }

    public static String requireComment(String comment) {
        if (comment != null && comment.length() > MAX_COMMENT_CHARS) {
            throw BeaconException.badRequest("comment is " + comment.length() + " characters; at most " + MAX_COMMENT_CHARS);
        }
        return comment;
    }

    /** An If-Match revision: null (none), 0 (must not exist) or a positive mod revision. */
    public static Long requireIfMatch(Long ifMatch) {
        if (ifMatch != null && ifMatch < 0) {
            throw BeaconException.badRequest("If-Match must be 0 (create only) or an item's modRevision, got " + ifMatch);
        }
        return ifMatch;
    }

    public static Format format(String name) {
        if (name == null || name.isEmpty()) {
            return Format.TEXT;
        }
        try {
            return Format.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw BeaconException.badRequest("format must be text, json or yaml, got '" + name + "'");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
