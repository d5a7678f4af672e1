package dev.beacon.client;

/**
 * One change of one item of a config view, as its listeners get it: the key, its value before and after (null when
 * the item did not exist / was deleted) and the revision of the change. Items changed by one batch write share a
 * revision and arrive as several events.
 */
public record ConfigEvent(String app, String profile, String key, String oldValue, String newValue, long revision) {
    /** True when the item was deleted by this change. */
    public boolean deleted() {
        return newValue == null;
    }

    /** True when the item was created by this change. */
    public boolean created() {
        return oldValue == null && newValue != null;
    }
}
