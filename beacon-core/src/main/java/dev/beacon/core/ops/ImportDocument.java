package dev.beacon.core.ops;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.beacon.api.ProfileSettings;
import dev.beacon.api.ServiceSettings;
import dev.beacon.core.BeaconException;
import dev.beacon.core.StoredJson;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * An export document as an import reads it ({@link #read}): the current values and settings it carries. History records
 * and the exporting cluster's versions and metadata are read past without being kept (see {@link Importer} for why), so
 * memory holds the document's current values only, whatever its history weighs.
 *
 * <p>Everything the document's own content can be checked for is checked here, before anything is written: the format
 * and version, the shape, names, keys, duplicates and service settings. Every problem is a {@link BeaconException}
 * (400) whose message says where: {@code config[2].items[5]} and the line and column.
 */
public record ImportDocument(String exportedAt, long sourceRevision, List<Profile> config, List<Service> services) {
    static final int MAX_EXPORTED_AT = 64;

    /** One app/profile: its declared settings (null when the document declares none) and its items, key → value, in document order. */
    public record Profile(String app, String profile, ProfileSettings settings, Map<String, String> items, String where) {
    }

    /** One service's settings. */
    public record Service(String service, ServiceSettings settings, String where) {
    }

    /** Reads and checks a whole document from {@code in} (UTF-8 JSON). @throws BeaconException BAD_REQUEST (or INVALID_NAME) saying where */
    public static ImportDocument read(InputStream in) {
        try (JsonParser p = StoredJson.MAPPER.getFactory().createParser(in)) {
            return new ImportReader(p).document();
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw BeaconException.badRequest("the import document is not valid JSON" + (at == null ? "" : " at line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + ": " + brief(e.getOriginalMessage()));
        } catch (IOException e) {
            throw BeaconException.badRequest("could not read the import document: " + brief(e.getMessage()));
        }
    }

    static String brief(String message) {
        if (message == null) {
            return "";
        }
        return message.length() <= 200 ? message : message.substring(0, 200) + "…";
    }
}
