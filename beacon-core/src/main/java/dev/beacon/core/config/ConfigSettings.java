package dev.beacon.core.config;

/**
 * Limits of the configuration center. Immutable.
 *
 * @param historyRetention how many history records each key keeps (the newest ones); at least 1
 * @param maxValueBytes    largest value, in UTF-8 bytes
 */
public record ConfigSettings(int historyRetention, int maxValueBytes) {
    public static final int DEFAULT_RETENTION = 100;
    public static final int DEFAULT_MAX_VALUE_BYTES = 256 * 1024;
    /**
     * Most items in one batch: etcd allows 128 operations per transaction by default ({@code --max-txn-ops}),
     * and a batch writes one per item plus one for the batch's metadata.
     */
    public static final int MAX_BATCH_ITEMS = 127;

    public ConfigSettings {
        if (historyRetention < 1) {
            throw new IllegalArgumentException("history retention must be at least 1, got " + historyRetention);
        }
        if (maxValueBytes < 1) {
            throw new IllegalArgumentException("the value size limit must be positive, got " + maxValueBytes);
        }
    }

    public static ConfigSettings defaults() {
        return new ConfigSettings(DEFAULT_RETENTION, DEFAULT_MAX_VALUE_BYTES);
    }
}
