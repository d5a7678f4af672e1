package dev.beacon.core.config;

import dev.beacon.api.Item;
import dev.beacon.core.StoredJson;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.keys.KeyLayout.ConfigKey;
import dev.beacon.core.watch.ChangeEvent;
import dev.beacon.core.watch.Entry;
import dev.beacon.core.watch.ParsedValues;
import dev.beacon.core.watch.PrefixMirror;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds API {@link Item}s from what the mirror holds: the value's entry, and the metadata beside it when
 * it is fresh (its mod revision equals the item's: written in the same transaction). The item's own
 * metadata key is looked at first, then the app/profile's batch metadata. Reads only memory; any thread.
 */
final class ItemReader {
    private final KeyLayout keys;
    private final PrefixMirror mirror;
    /** How many past metadata writes are remembered for changes mapped after their metadata moved on. */
    static final int RECENT = 10_000;

    private final ParsedValues<ConfigMeta> metas;
    private final Map<String, String> recent = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > RECENT;
        }
    });

    ItemReader(KeyLayout keys, PrefixMirror mirror) {
        this.keys = keys;
        this.mirror = mirror;
        this.metas = new ParsedValues<>(keys.configMetaRoot(), v -> StoredJson.read(v, ConfigMeta.class));
        mirror.addListener(metas);
        // A change may be mapped (for a stream) after a later write replaced its metadata; the mirror calls its
        // listeners for one batch before it applies the next, so every metadata write is remembered in time.
        String metaRoot = keys.configMetaRoot();
        mirror.addListener((changes, revision) -> {
            for (ChangeEvent c : changes) {
                if (c.isPut() && c.key().startsWith(metaRoot)) {
                    recent.put(c.key() + "@" + c.revision(), c.value());
                }
            }
        });
    }

    Item item(ConfigKey at, Entry entry) {
        ConfigMeta meta = freshMeta(at, entry.modRevision());
        return item(at, entry.value(), entry.version(), entry.modRevision(), meta);
    }

    static Item item(ConfigKey at, String value, long version, long modRevision, ConfigMeta meta) {
        return new Item(at.app(), at.profile(), at.key(), value, version, modRevision,
                meta == null ? null : meta.updatedAt(), meta == null ? null : meta.updatedBy(),
                meta == null ? null : meta.comment());
    }

    /** The metadata written with the change at {@code modRevision}, if the mirror still holds it; else null. */
    ConfigMeta freshMeta(ConfigKey at, long modRevision) {
        ConfigMeta own = metaAt(keys.configMeta(at.app(), at.profile(), at.key()), modRevision);
        return own != null ? own : metaAt(keys.batchMeta(at.app(), at.profile()), modRevision);
    }

    /** True when a metadata key of the item changed after {@code modRevision} (the mirror no longer shows the one written then). */
    boolean metaMovedOn(ConfigKey at, long modRevision) {
        return newer(keys.configMeta(at.app(), at.profile(), at.key()), modRevision)
                || newer(keys.batchMeta(at.app(), at.profile()), modRevision);
    }

    private boolean newer(String key, long modRevision) {
        return mirror.get(key).map(e -> e.modRevision() > modRevision).orElse(false);
    }

    private ConfigMeta metaAt(String key, long modRevision) {
        Optional<Entry> e = mirror.get(key);
        if (e.isPresent() && e.get().modRevision() == modRevision) {
            return metas.get(e.get());
        }
        String earlier = recent.get(key + "@" + modRevision);
        return earlier == null ? null : StoredJson.read(earlier, ConfigMeta.class);
    }
}
