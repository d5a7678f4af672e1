package dev.beacon.core.config;

import dev.beacon.api.ConfigChange;
import dev.beacon.api.Item;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.keys.KeyLayout.ConfigKey;
import dev.beacon.core.watch.ChangeEvent;

/**
 * Maps the root mirror's {@link ChangeEvent}s under {@code {root}/config/{app}/{profile}/} to what the
 * config streams send: an {@link Item} (SSE / WebSocket data) or a {@link ConfigChange} (long-poll answer).
 * Subscribe to {@link KeyLayout#configPrefix(String, String)} on the root change feed and map each event
 * with these methods; events of other keys ({@link #isItemEvent} false) are skipped. Reads only memory;
 * safe on any thread, including a delivery thread.
 */
public final class ConfigEvents {
    private final KeyLayout keys;
    private final ItemReader reader;

    /** Maps with the store's item reader (one per server: one metadata cache, one set of mirror listeners). */
    public ConfigEvents(KeyLayout keys, ConfigStore store) {
        this.keys = keys;
        this.reader = store.reader();
    }

    /** True when the event is a change of a config item (a key {@code {root}/config/{app}/{profile}/{key}}). */
    public boolean isItemEvent(ChangeEvent e) {
        return keys.parseConfig(e.key()) != null;
    }

    /**
     * The item after the change: for a PUT its value, version and mod revision (the event's revision), with
     * Beacon's metadata when the mirror still holds the metadata written with it; for a DELETE the value is
     * null, the version 0 and {@code modRevision} the revision of the delete (with the deleter's metadata
     * when it was deleted through Beacon).
     *
     * @throws IllegalArgumentException when the event is not an item event
     */
    public Item item(ChangeEvent e) {
        ConfigKey at = require(e);
        ConfigMeta meta = reader.freshMeta(at, e.revision());
        if (e.isPut()) {
            long version = e.entry() == null ? 0 : e.entry().version();
            return ItemReader.item(at, e.value(), version, e.revision(), meta);
        }
        return ItemReader.item(at, null, 0, e.revision(), meta);
    }

    /** The long-poll change record {@code {"key","op","value","modRevision"}}; {@code key} is the item key within its app/profile. */
    public ConfigChange change(ChangeEvent e) {
        ConfigKey at = require(e);
        return new ConfigChange(at.key(), e.type().name(), e.isPut() ? e.value() : null, e.revision());
    }

    private ConfigKey require(ChangeEvent e) {
        ConfigKey at = keys.parseConfig(e.key());
        if (at == null) {
            throw new IllegalArgumentException(e.key() + " is not a config item key");
        }
        return at;
    }
}
