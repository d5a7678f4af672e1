package dev.beacon.core.ops;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.beacon.api.ErrorCode;
import dev.beacon.api.ProfileSettings;
import dev.beacon.api.ServiceSettings;
import dev.beacon.core.BeaconException;
import dev.beacon.core.config.ConfigRules;
import dev.beacon.core.ops.ImportDocument.Profile;
import dev.beacon.core.ops.ImportDocument.Service;
import dev.beacon.core.registry.ServiceSettingsStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an export document token by token ({@link ImportDocument#read}), keeping its current values only and knowing
 * where it is, for messages: {@code config[2].items[5]}, then the line and column. Not thread-safe; one per document.
 */
final class ImportReader {
    private final JsonParser p;

    ImportReader(JsonParser p) {
        this.p = p;
    }

    ImportDocument document() throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw problem("the document", "must be a JSON object {\"format\":\"" + TransferFormat.FORMAT + "\",\"version\":"
                    + TransferFormat.VERSION + ",...} as GET /api/v1/export writes it");
        }
        String format = null;
        Integer version = null;
        String exportedAt = null;
        long sourceRevision = 0;
        List<Profile> config = null;
        List<Service> services = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "format" -> format = text("format", t);
                case "version" -> {
                    if (t != JsonToken.VALUE_NUMBER_INT) {
                        throw problem("version", "must be a whole number");
                    }
                    version = p.getIntValue();
                }
                case "exportedAt" -> {
                    exportedAt = t == JsonToken.VALUE_NULL ? null : text("exportedAt", t);
                    if (exportedAt != null && exportedAt.length() > ImportDocument.MAX_EXPORTED_AT) {
                        throw problem("exportedAt", "is longer than " + ImportDocument.MAX_EXPORTED_AT + " characters");
                    }
                }
                case "sourceRevision" -> {
                    if (t != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
                        throw problem("sourceRevision", "must be a whole number >= 0");
                    }
                    sourceRevision = p.getLongValue();
                }
                case "config" -> {
                    requireCompatible(format, version);
                    config = profiles(t);
                }
                case "services" -> {
                    requireCompatible(format, version);
                    services = services(t);
                }
                default -> p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            throw problem("the document", "has content after its closing brace");
        }
        requireCompatible(format, version);
        if (config == null) {
            throw problem("config", "is missing; an export always carries it (an empty list when there is no config)");
        }
        return new ImportDocument(exportedAt, sourceRevision, config, services);
    }

    /** Format and version come first in every export; a document without them is refused before its content is read. */
    private void requireCompatible(String format, Integer version) {
        if (format == null) {
            throw problem("format", "is missing (or comes after the content): this is not a document of GET /api/v1/export");
        }
        if (!TransferFormat.FORMAT.equals(format)) {
            throw problem("format", "is '" + ImportDocument.brief(format) + "', not '" + TransferFormat.FORMAT + "'");
        }
        if (version == null) {
            throw problem("version", "is missing (or comes after the content)");
        }
        if (version != TransferFormat.VERSION) {
            throw new BeaconException(ErrorCode.BAD_REQUEST, at("version") + "document version " + version
                    + " is not supported; this server reads version " + TransferFormat.VERSION + location(),
                    "export again with this server's version, or import with a Beacon that reads version " + version);
        }
    }

    private List<Profile> profiles(JsonToken t) throws IOException {
        requireArray("config", t);
        List<Profile> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            Profile profile = profile("config[" + i + "]");
            if (!seen.add(profile.app() + "/" + profile.profile())) {
                throw problem(profile.where(), profile.app() + "/" + profile.profile() + " appears twice in config");
            }
            out.add(profile);
        }
        return out;
    }

    private Profile profile(String where) throws IOException {
        requireObject(where, p.currentToken());
        String app = null;
        String profile = null;
        ProfileSettings settings = null;
        Map<String, String> items = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "app" -> app = text(where + ".app", t);
                case "profile" -> profile = text(where + ".profile", t);
                case "settings" -> settings = t == JsonToken.VALUE_NULL ? null : profileSettings(where + ".settings", t);
                case "items" -> items = items(where + ".items", t);
                default -> p.skipChildren();
            }
        }
        if (app == null || profile == null) {
            throw problem(where, "needs \"app\" and \"profile\"");
        }
        String a = app;
        String pr = profile;
        String named = where + " (" + ImportDocument.brief(a) + "/" + ImportDocument.brief(pr) + ")";
        checkedRun(named, () -> ConfigRules.requireAddress(a, pr));
        return new Profile(a, pr, settings, items == null ? Map.of() : items, named);
    }

    private ProfileSettings profileSettings(String where, JsonToken t) throws IOException {
        requireObject(where, t);
        String format = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("format")) {
                format = v == JsonToken.VALUE_NULL ? null : text(where + ".format", v);
            } else {
                p.skipChildren();
            }
        }
        String f = format;
        ConfigRules.Format declared = checked(where + ".format", () -> ConfigRules.format(f));
        return new ProfileSettings(declared.name().toLowerCase(java.util.Locale.ROOT));
    }

    private Map<String, String> items(String where, JsonToken t) throws IOException {
        requireArray(where, t);
        Map<String, String> items = new LinkedHashMap<>();
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            String at = where + "[" + i + "]";
            requireObject(at, p.currentToken());
            String key = null;
            String value = null;
            boolean hasValue = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals("key")) {
                    key = text(at + ".key", v);
                } else if (field.equals("value")) {
                    value = text(at + ".value", v);
                    hasValue = true;
                } else {
                    p.skipChildren(); // history, versions and metadata of the source cluster
                }
            }
            if (key == null || !hasValue) {
                throw problem(at, "needs \"key\" and \"value\" (a string)");
            }
            String k = key;
            checked(at + " (" + ImportDocument.brief(key) + ")", () -> ConfigRules.requireKey(k));
            if (items.put(key, value) != null) {
                throw problem(at, "key '" + ImportDocument.brief(key) + "' appears twice in this app/profile");
            }
        }
        return items;
    }

    private List<Service> services(JsonToken t) throws IOException {
        requireArray("services", t);
        List<Service> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            String where = "services[" + i + "]";
            requireObject(where, p.currentToken());
            String service = null;
            ServiceSettings settings = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals("service")) {
                    service = text(where + ".service", v);
                } else if (field.equals("settings")) {
                    requireObject(where + ".settings", v);
                    try {
                        settings = p.readValueAs(ServiceSettings.class);
                    } catch (JsonProcessingException e) {
                        throw problem(where + ".settings", "is not {\"protectThreshold\": 0..1}: " + ImportDocument.brief(e.getOriginalMessage()));
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (service == null || settings == null) {
                throw problem(where, "needs \"service\" and \"settings\"");
            }
            String s = service;
            ServiceSettings set = settings;
            String named = where + " (" + ImportDocument.brief(service) + ")";
            checkedRun(named, () -> ServiceSettingsStore.requireValid(s, set));
            if (!seen.add(service)) {
                throw problem(named, "service " + service + " appears twice");
            }
            out.add(new Service(service, settings, named));
        }
        return out;
    }

    private String text(String where, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw problem(where, "must be a string, not " + describe(t));
        }
        return p.getText();
    }

    private void requireArray(String where, JsonToken t) {
        if (t != JsonToken.START_ARRAY) {
            throw problem(where, "must be a list, not " + describe(t));
        }
    }

    private void requireObject(String where, JsonToken t) {
        if (t != JsonToken.START_OBJECT) {
            throw problem(where, "must be an object, not " + describe(t));
        }
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "the end of the document";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    private <T> T checked(String where, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (BeaconException e) {
            throw new BeaconException(e.code(), at(where) + e.getMessage() + location(), e.hint(), null, e);
        }
    }

    private void checkedRun(String where, Runnable check) {
        checked(where, () -> {
            check.run();
            return null;
        });
    }

    private BeaconException problem(String where, String what) {
        return BeaconException.badRequest(at(where) + what + location());
    }

    private static String at(String where) {
        return "import document, " + where + ": ";
    }

    private String location() {
        JsonLocation l = p.currentTokenLocation();
        return l == null || l.getLineNr() < 1 ? "" : " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")";
    }
}
