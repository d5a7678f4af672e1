package dev.beacon.server.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beacon.core.BeaconException;
import dev.beacon.core.keys.Names;
import dev.beacon.core.watch.ChangeEvent;
import dev.beacon.core.watch.Mirrors;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Turns what a client asks to watch into a {@link StreamScope}: a raw etcd key prefix, or a named
 * scope that a feature registers ({@code config/{app}/{profile}}, {@code services/{service}}, ...).
 * The one place where a subscription's words are validated.
 */
public final class Scopes {
    /** Builds a named scope from the words after its kind, e.g. ["app", "prod"] for {@code config/app/prod}. */
    @FunctionalInterface
    public interface Kind {
        StreamScope resolve(String name, String[] parts);
    }

    private final Mirrors mirrors;
    private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

    public Scopes(Mirrors mirrors) {
        this.mirrors = mirrors;
    }

    /** Registers a named kind: a subscription {@code "<kind>/a/b"} resolves through it. */
    public void register(String kind, Kind resolver) {
        kinds.put(kind, resolver);
    }

    /**
     * A subscription string from the WebSocket protocol: {@code "<kind>/..."} for a registered kind,
     * otherwise a raw etcd key prefix.
     */
    public StreamScope resolve(String subscription) {
        if (subscription == null || subscription.isEmpty()) {
            throw BeaconException.badRequest("subscribe needs a prefix, config/{app}/{profile} or services/{service}");
        }
        int slash = subscription.indexOf('/');
        Kind kind = slash > 0 ? kinds.get(subscription.substring(0, slash)) : null;
        if (kind != null) {
            return kind.resolve(subscription, subscription.substring(slash + 1).split("/", -1));
        }
        return raw(subscription);
    }

    /** Every change under a raw etcd key prefix, as {@code {"key","value","modRevision"}}. */
    public StreamScope raw(String prefix) {
        Names.requireKey(prefix);
        return new StreamScope(prefix, mirrors.feed(prefix), java.util.List.of(prefix), Scopes::rawData, Scopes::rawChange, null);
    }

    /** The named scope {@code kind/parts...}, e.g. {@code kind("config", "app", "prod")}. */
    public StreamScope named(String kind, String... parts) {
        Kind k = kinds.get(kind);
        if (k == null) {
            throw new IllegalStateException("no scope kind " + kind);
        }
        return k.resolve(kind + "/" + String.join("/", parts), parts);
    }

    /** A scope over key prefixes held by the server's root mirror, with its own mappings. */
    public StreamScope over(String name, java.util.List<String> keyPrefixes, Function<ChangeEvent, Object> data,
                            Function<ChangeEvent, Object> change) {
        return new StreamScope(name, mirrors.feed(keyPrefixes.get(0)), keyPrefixes, data, change, null);
    }

    /** A scope of whole states (see {@link StreamScope#snapshot}) over one key prefix of the root mirror. */
    public StreamScope states(String name, String keyPrefix, StreamScope.Snapshot now, Function<ChangeEvent, Object> data) {
        return new StreamScope(name, mirrors.feed(keyPrefix), java.util.List.of(keyPrefix), data, null, now);
    }

    static ObjectNode rawData(ChangeEvent e) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("key", e.key());
        if (e.isPut()) {
            n.put("value", e.value());
        } else {
            n.putNull("value");
        }
        n.put("modRevision", e.revision());
        return n;
    }

    static ObjectNode rawChange(ChangeEvent e) {
        ObjectNode n = rawData(e);
        n.put("op", e.type().name());
        return n;
    }
}
