package dev.beacon.core.ops;

import dev.beacon.api.ImportChange;
import dev.beacon.api.ImportReport;
import dev.beacon.api.Item;
import dev.beacon.api.ProfileSettings;
import dev.beacon.api.ServiceSettings;
import dev.beacon.core.BeaconException;
import dev.beacon.core.Principal;
import dev.beacon.core.Read;
import dev.beacon.core.config.ConfigRules;
import dev.beacon.core.config.ConfigSettings;
import dev.beacon.core.config.ConfigStore;
import dev.beacon.core.config.ProfileContent;
import dev.beacon.core.registry.ServiceSettingsStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * Brings an export document ({@link ImportDocument}) into this cluster: idempotent, all checks before any write, writes
 * through the write seam in bounded transactions.
 *
 * <p>What moves: each app/profile's declared settings, each item's current value, each service's settings. Nothing is
 * deleted: an item this cluster has and the document has not stays. An item whose value already equals the document's is
 * left alone ({@code unchanged}), so importing the same document twice writes nothing the second time.
 *
 * <p>History: revisions belong to one etcd cluster, and history records are keyed and rolled back by them; the source
 * cluster's revisions mean nothing here (they would sort among this cluster's own and point rollbacks at the wrong
 * writes). So, as Nacos' and Apollo's config import do, only current values are imported: each changed item is written as
 * a new change here, whose history record (written by the recorder like any other) names the importer and says
 * "imported from ... (source revision N)". The source history stays in the export document, the archive to keep.
 *
 * <p>Order and bounds: settings first (so the items are checked against the format the document declares), then the
 * changed items of each app/profile in transactions of at most {@link ConfigSettings#MAX_BATCH_ITEMS} (action
 * {@code config.import-all}), then service settings ({@code registry.import-settings}). Should etcd fail midway, what
 * was written stays and the import answers 503; running it again finishes it.
 *
 * <p>Blocks up to the request timeout per transaction; call it on a request thread.
 */
public final class Importer {
    public static final String CREATED = "created";
    public static final String UPDATED = "updated";
    public static final String UNCHANGED = "unchanged";

    private final ConfigStore config;
    private final ServiceSettingsStore services;

    public Importer(ConfigStore config, ServiceSettingsStore services) {
        this.config = config;
        this.services = services;
    }

    /** Checks the document against this cluster, then (unless {@code dryRun}) writes what differs; reports every item and setting. */
    public ImportReport run(ImportDocument doc, boolean dryRun, Principal who) {
        Read<List<ProfileContent>> current = config.contents();
        Map<String, ProfileContent> byAddress = new HashMap<>();
        current.value().forEach(c -> byAddress.put(c.app() + "/" + c.profile(), c));
        Read<SortedMap<String, ServiceSettings>> currentServices = services.all();
        requireValues(doc, byAddress);

        List<ImportChange> changes = new ArrayList<>();
        List<Runnable> writes = new ArrayList<>();
        long[] revision = {Math.max(current.revision(), currentServices.revision())};
        String comment = "imported from an export" + (doc.exportedAt() == null ? "" : " of " + doc.exportedAt())
                + " (source revision " + doc.sourceRevision() + ")";
        for (ImportDocument.Profile p : doc.config()) {
            ProfileContent now = byAddress.get(p.app() + "/" + p.profile());
            if (p.settings() != null) {
                ProfileSettings had = now == null ? null : now.settings();
                String result = had == null ? CREATED : Objects.equals(had.format(), p.settings().format()) ? UNCHANGED : UPDATED;
                changes.add(new ImportChange("config-settings", p.app() + "/" + p.profile(), result));
                if (!result.equals(UNCHANGED)) {
                    writes.add(() -> revision[0] = config.profiles().put("config.import-settings", p.app(), p.profile(), p.settings(), who).revision());
                }
            }
            Map<String, String> values = new HashMap<>();
            if (now != null) {
                now.items().forEach(i -> values.put(i.key(), i.value()));
            }
            Map<String, String> changed = new LinkedHashMap<>();
            p.items().forEach((key, value) -> {
                String had = values.get(key);
                String result = had == null ? CREATED : had.equals(value) ? UNCHANGED : UPDATED;
                changes.add(new ImportChange("config-item", p.app() + "/" + p.profile() + "/" + key, result));
                if (!result.equals(UNCHANGED)) {
                    changed.put(key, value);
                }
            });
            for (Map<String, String> chunk : chunks(changed)) {
                writes.add(() -> revision[0] = config.putAll("config.import-all", p.app(), p.profile(), chunk, who, comment).revision());
            }
        }
        for (ImportDocument.Service s : doc.services()) {
            ServiceSettings had = currentServices.value().get(s.service());
            String result = had == null ? CREATED
                    : Objects.equals(had.protectThreshold(), s.settings().protectThreshold()) ? UNCHANGED : UPDATED;
            changes.add(new ImportChange("service-settings", s.service(), result));
            if (!result.equals(UNCHANGED)) {
                writes.add(() -> revision[0] = services.put("registry.import-settings", s.service(), s.settings(), who));
            }
        }
        if (!dryRun) {
            writes.forEach(Runnable::run);
        }
        int created = count(changes, CREATED);
        int updated = count(changes, UPDATED);
        return new ImportReport(dryRun, revision[0], doc.sourceRevision(), created, updated, changes.size() - created - updated, changes);
    }

    /** Every value against the limit and the format its app/profile will declare (the document's, else the one declared here). */
    private void requireValues(ImportDocument doc, Map<String, ProfileContent> current) {
        int max = config.settings().maxValueBytes();
        for (ImportDocument.Profile p : doc.config()) {
            ProfileSettings declared = p.settings();
            if (declared == null) {
                ProfileContent now = current.get(p.app() + "/" + p.profile());
                declared = now == null ? null : now.settings();
            }
            ConfigRules.Format format = ConfigRules.format(declared == null ? null : declared.format());
            for (Map.Entry<String, String> item : p.items().entrySet()) {
                try {
                    ConfigRules.requireValue(item.getKey(), item.getValue(), max, format);
                } catch (BeaconException e) {
                    throw new BeaconException(e.code(), "import document, " + p.where() + ", item '" + item.getKey() + "': "
                            + e.getMessage(), e.hint(), null, e);
                }
            }
        }
    }

    private static List<Map<String, String>> chunks(Map<String, String> items) {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> chunk = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : items.entrySet()) {
            chunk.put(e.getKey(), e.getValue());
            if (chunk.size() == ConfigSettings.MAX_BATCH_ITEMS) {
                out.add(chunk);
                chunk = new LinkedHashMap<>();
            }
        }
        if (!chunk.isEmpty()) {
            out.add(chunk);
        }
        return out;
    }

    private static int count(List<ImportChange> changes, String result) {
        return (int) changes.stream().filter(c -> c.result().equals(result)).count();
    }
}
