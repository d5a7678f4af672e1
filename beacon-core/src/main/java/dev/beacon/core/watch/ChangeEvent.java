package dev.beacon.core.watch;

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

    public boolean isPut() {
        return type == Type.PUT;
    }
}
