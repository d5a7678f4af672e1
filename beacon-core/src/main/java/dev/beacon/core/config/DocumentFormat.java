package dev.beacon.core.config;

import dev.beacon.core.BeaconException;

import java.util.Locale;

/** The documents an app/profile renders to and imports from. */
public enum DocumentFormat {
    PROPERTIES("text/plain; charset=utf-8"),
    YAML("application/yaml; charset=utf-8"),
    JSON("application/json");

    private final String contentType;

    DocumentFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** {@code properties}, {@code yaml} (or {@code yml}) or {@code json}, any case. @throws BeaconException BAD_REQUEST otherwise */
    public static DocumentFormat of(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "properties" -> PROPERTIES;
            case "yaml", "yml" -> YAML;
            case "json" -> JSON;
            default -> throw BeaconException.badRequest("format must be properties, yaml or json, got '" + name + "'");
        };
    }

    /** The format a Content-Type names, or null when it names none of them. */
    public static DocumentFormat ofContentType(String contentType) {
        if (contentType == null) {
            return null;
        }
        String c = contentType.toLowerCase(Locale.ROOT);
        if (c.contains("yaml") || c.contains("yml")) {
            return YAML;
        }
        if (c.contains("json")) {
            return JSON;
        }
        if (c.contains("properties")) {
            return PROPERTIES;
        }
        return null;
    }
}
