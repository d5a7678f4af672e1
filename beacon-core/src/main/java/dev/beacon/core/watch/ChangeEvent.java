package dev.beacon.core.watch;

import io.etcd.jetcd.watch.WatchEvent;

import static dev.beacon.core.etcd.Bytes.str;

/**
 * One change the mirror applied, in etcd revision order.
 *
 * @param type     PUT or DELETE
 * @param key      the etcd key
 * @param value    the new value (PUT) or null (DELETE)
 * @param revision the etcd revision of the change (for a DELETE, the revision of the delete)
 * @param entry    the key after a PUT (versions, lease), or null after a DELETE
 * @param previous the key before the change, when the mirror held it; null otherwise
 */
public record ChangeEvent(Type type, String key, String value, long revision, Entry entry, Entry previous) {
    public enum Type { PUT, DELETE }

    /**
     * The one mapping from an etcd watch event to a change (the mirror's watch and replays from etcd).
     *
     * @param previous the key before the change as the caller knows it, or null
     * @return the change, or null for an event type etcd added after this code was written
     */
    public static ChangeEvent of(WatchEvent event, Entry previous) {
        var kv = event.getKeyValue();
        return switch (event.getEventType()) {
            case PUT -> {
                Entry entry = Entry.of(kv);
                yield new ChangeEvent(Type.PUT, entry.key(), entry.value(), kv.getModRevision(), entry, previous);
            }
            case DELETE -> new ChangeEvent(Type.DELETE, str(kv.getKey()), null, kv.getModRevision(), null, previous);
            default -> null;
        };
    }

    public boolean isPut() {
        return type == Type.PUT;
    }
}
