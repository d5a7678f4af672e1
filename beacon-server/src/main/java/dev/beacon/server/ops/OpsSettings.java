package dev.beacon.server.ops;

import java.time.Duration;

/**
 * Operations settings.
 *
 * @param slowEtcdThreshold etcd calls at least this long count as slow in the doctor ({@code --slow-etcd-threshold})
 */
public record OpsSettings(Duration slowEtcdThreshold) {
    public OpsSettings {
        if (slowEtcdThreshold == null || slowEtcdThreshold.isNegative() || slowEtcdThreshold.isZero()) {
            throw new IllegalArgumentException("--slow-etcd-threshold must be positive");
        }
    }

    public static OpsSettings defaults() {
        return new OpsSettings(Duration.ofMillis(500));
    }
}
