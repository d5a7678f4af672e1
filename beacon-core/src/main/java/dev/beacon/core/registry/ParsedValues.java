package dev.beacon.core.registry;

import dev.beacon.core.watch.ChangeEvent;
import dev.beacon.core.watch.Entry;
import dev.beacon.core.watch.MirrorListener;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry's JSON values under one prefix of the mirror, parsed once per mod revision, so discovery
 * of a large service does not parse every instance on every request. Entries go when their key is
 * deleted (mirror listener: a map removal, never blocks). Thread-safe.
 */
final class ParsedValues<T> implements MirrorListener {
    private record Parsed<T>(long modRevision, T value) {
    }

    private final String prefix;
    private final Class<T> type;
    private final Map<String, Parsed<T>> cache = new ConcurrentHashMap<>();

    ParsedValues(String prefix, Class<T> type) {
        this.prefix = prefix;
        this.type = type;
    }

    /** The entry's value parsed; null when it does not parse. */
    T get(Entry e) {
        Parsed<T> p = cache.get(e.key());
        if (p != null && p.modRevision() == e.modRevision()) {
            return p.value();
        }
        T value = RegistryJson.read(e.value(), type);
        cache.put(e.key(), new Parsed<>(e.modRevision(), value));
        return value;
    }

    @Override
    public void onChanges(List<ChangeEvent> changes, long revision) {
        for (ChangeEvent c : changes) {
            if (c.type() == ChangeEvent.Type.DELETE && c.key().startsWith(prefix)) {
                cache.remove(c.key());
            }
        }
    }
}
