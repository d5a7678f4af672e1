package dev.beacon.core.ops;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.beacon.api.HistoryRecord;
import dev.beacon.api.Item;
import dev.beacon.api.ServiceSettings;
import dev.beacon.core.Read;
import dev.beacon.core.StoredJson;
import dev.beacon.core.config.ConfigHistory;
import dev.beacon.core.config.ConfigStore;
import dev.beacon.core.config.ProfileContent;
import dev.beacon.core.registry.ServiceSettingsStore;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * Writes Beacon's data as one JSON document ({@link TransferFormat}): every app/profile with its declared settings and
 * its items (value, versions, metadata and, when asked for, the item's history records, newest first), and every
 * service's settings. Live instances, health, locks, sessions, elections, tokens and audit are left out: they belong to
 * running processes or to the cluster itself.
 *
 * <p>{@link #prepare} reads the current items and settings from the server's mirror (memory, one revision, no copy of the
 * values) and may fail before anything is written; {@link Export#writeTo} then streams the document, reading each item's
 * history from etcd as it goes (a page of at most {@link ConfigHistory#MAX_LIMIT} records at a time), so memory holds one
 * item's history at most. Both block; call them on a request thread. A failure while streaming leaves a truncated
 * document behind, which {@link ImportDocument#read} refuses.
 */
public final class Exporter {
    private final ConfigStore config;
    private final ConfigHistory history;
    private final ServiceSettingsStore services;

    public Exporter(ConfigStore config, ConfigHistory history, ServiceSettingsStore services) {
        this.config = config;
        this.history = history;
        this.services = services;
    }

    /** Reads what the document will carry. @throws dev.beacon.core.BeaconException ETCD_UNAVAILABLE when the mirror has not loaded */
    public Export prepare(boolean withHistory) {
        Read<List<ProfileContent>> contents = config.contents();
        Read<SortedMap<String, ServiceSettings>> settings = services.all();
        // two reads of the same mirror: the document reflects at least the older of their revisions
        long revision = Math.min(contents.revision(), settings.revision());
        return new Export(new Read<>(contents.value(), revision, contents.stale() || settings.stale()), settings.value(), withHistory);
    }

    /** A prepared export: {@link #read()} for the revision headers, {@link #writeTo} for the document. */
    public final class Export {
        private final Read<List<ProfileContent>> contents;
        private final SortedMap<String, ServiceSettings> serviceSettings;
        private final boolean withHistory;

        private Export(Read<List<ProfileContent>> contents, SortedMap<String, ServiceSettings> serviceSettings, boolean withHistory) {
            this.contents = contents;
            this.serviceSettings = serviceSettings;
            this.withHistory = withHistory;
        }

        /** The revision the document reflects and whether it was served from a mirror that had lost etcd. */
        public Read<?> read() {
            return contents;
        }

        /** Streams the document to {@code out} as UTF-8 JSON; flushes, does not close {@code out}. */
        public void writeTo(OutputStream out) throws IOException {
            try (JsonGenerator g = StoredJson.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                g.writeStartObject();
                g.writeStringField("format", TransferFormat.FORMAT);
                g.writeNumberField("version", TransferFormat.VERSION);
                g.writeStringField("exportedAt", Instant.now().toString());
                g.writeNumberField("sourceRevision", contents.revision());
                g.writeStringField("beaconVersion", BeaconVersion.VERSION);
                g.writeBooleanField("withHistory", withHistory);
                g.writeArrayFieldStart("config");
                for (ProfileContent p : contents.value()) {
                    writeProfile(g, p);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("services");
                for (var s : serviceSettings.entrySet()) {
                    g.writeStartObject();
                    g.writeStringField("service", s.getKey());
                    g.writeObjectField("settings", s.getValue());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            out.flush();
        }

        private void writeProfile(JsonGenerator g, ProfileContent p) throws IOException {
            g.writeStartObject();
            g.writeStringField("app", p.app());
            g.writeStringField("profile", p.profile());
            if (p.settings() != null) {
                g.writeObjectField("settings", p.settings());
            }
            g.writeArrayFieldStart("items");
            for (Item item : p.items()) {
                g.writeStartObject();
                g.writeStringField("key", item.key());
                g.writeStringField("value", item.value());
                g.writeNumberField("version", item.version());
                g.writeNumberField("modRevision", item.modRevision());
                optional(g, "updatedAt", item.updatedAt());
                optional(g, "updatedBy", item.updatedBy());
                optional(g, "comment", item.comment());
                if (withHistory) {
                    g.writeArrayFieldStart("history");
                    writeHistory(g, item);
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }

        private void writeHistory(JsonGenerator g, Item item) throws IOException {
            Long before = null;
            while (true) {
                List<HistoryRecord> page = history.list(item.app(), item.profile(), item.key(), ConfigHistory.MAX_LIMIT, before).value();
                for (HistoryRecord r : page) {
                    g.writeObject(r);
                }
                if (page.size() < ConfigHistory.MAX_LIMIT) {
                    return;
                }
                before = page.get(page.size() - 1).modRevision();
            }
        }
    }

    private static void optional(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }
}
