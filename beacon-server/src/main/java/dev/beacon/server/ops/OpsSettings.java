package dev.beacon.server.ops;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Operations settings.
 *
 * @param slowEtcdThreshold etcd calls at least this long count as slow in the doctor ({@code --slow-etcd-threshold})
 * @param restoreFrom       an etcd snapshot to restore into the managed etcd before it starts ({@code --restore-from}); null: none
 */
public record OpsSettings(Duration slowEtcdThreshold, Path restoreFrom) {
    public OpsSettings {
        if (slowEtcdThreshold == null || slowEtcdThreshold.isNegative() || slowEtcdThreshold.isZero()) {
            throw new IllegalArgumentException("--slow-etcd-threshold must be positive");
        }
    }

    public static OpsSettings defaults() {
        return new OpsSettings(Duration.ofMillis(500), null);
    }

    public OpsSettings(Duration slowEtcdThreshold) {
        this(slowEtcdThreshold, null);
    }
}
