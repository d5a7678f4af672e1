package dev.beacon.core.watch;


import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The values under one prefix of a mirror, parsed once per mod revision, so that a read path (discovery of
 * a large service, a config list with its metadata) does not parse every value on every request. Add it to
 * the mirror as a listener: entries go when their key is deleted (a map removal, never blocks). Thread-safe.
 */
public final class ParsedValues<T> implements MirrorListener {
    private record Parsed<T>(long modRevision, T value) {
    }

    private final String prefix;
    private final Function<String, T> parser;
    private final Map<String, Parsed<T>> cache = new ConcurrentHashMap<>();

    /** @param parser turns a value into {@code T}; returns null (never throws) when it does not parse */
    public ParsedValues(String prefix, Function<String, T> parser) {
        this.prefix = prefix;
        this.parser = parser;
    }

    /** The entry's value parsed; null when it does not parse. */
    public T get(Entry e) {
        Parsed<T> p = cache.get(e.key());
        if (p != null && p.modRevision() == e.modRevision()) {
            return p.value();
        }
        T value = parser.apply(e.value());
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
