package dev.beacon.server.ops;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Operations settings.
 *
 * @param slowEtcdThreshold etcd calls at least this long count as slow in the doctor ({@code --slow-etcd-threshold})
 * @param restoreFrom       an etcd snapshot to restore into the managed etcd before it starts ({@code --restore-from}); null: none
 * @param shutdownTimeout   how long a stop waits for requests in flight ({@code --shutdown-timeout})
 */
public record OpsSettings(Duration slowEtcdThreshold, Path restoreFrom, Duration shutdownTimeout) {
    public static final Duration DEFAULT_SHUTDOWN = Duration.ofSeconds(20);

    public OpsSettings {
        if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("--shutdown-timeout must not be negative");
        }
        if (slowEtcdThreshold == null || slowEtcdThreshold.isNegative() || slowEtcdThreshold.isZero()) {
            throw new IllegalArgumentException("--slow-etcd-threshold must be positive");
        }
    }

    public static OpsSettings defaults() {
        return new OpsSettings(Duration.ofMillis(500), null, DEFAULT_SHUTDOWN);
    }

    public OpsSettings(Duration slowEtcdThreshold) {
        this(slowEtcdThreshold, null, DEFAULT_SHUTDOWN);
    }

    public OpsSettings withShutdownTimeout(Duration timeout) {
        return new OpsSettings(slowEtcdThreshold, restoreFrom, timeout);
    }
}
