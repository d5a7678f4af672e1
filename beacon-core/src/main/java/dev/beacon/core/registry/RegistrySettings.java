package dev.beacon.core.registry;

import java.time.Duration;

/**
 * How the registry behaves on this server. Immutable.
 *
 * @param serverTtl        TTL of this server's own registration among Beacon servers: when the server dies
 *                         without closing, the others take over its checks after at most this long
 * @param flapThreshold    consecutive check results needed to change an instance between UP and DOWN
 * @param checkConcurrency most probes in flight at once on this server; a probe that finds no slot is skipped
 * @param eventRetention   how long instance events are kept in etcd (each lives between 3/4 of this and all of it)
 */
public record RegistrySettings(Duration serverTtl, int flapThreshold, int checkConcurrency, Duration eventRetention) {
    public RegistrySettings {
        if (serverTtl.toSeconds() < 2) {
            throw new IllegalArgumentException("the server lease TTL must be at least 2s, got " + serverTtl);
        }
        if (flapThreshold < 1) {
            throw new IllegalArgumentException("the check flap threshold must be at least 1, got " + flapThreshold);
        }
        if (checkConcurrency < 1) {
            throw new IllegalArgumentException("the check concurrency must be at least 1, got " + checkConcurrency);
        }
        if (eventRetention.toSeconds() < 60) {
            throw new IllegalArgumentException("the instance event retention must be at least 1m, got " + eventRetention);
        }
    }

    public static RegistrySettings defaults() {
        return new RegistrySettings(Duration.ofSeconds(10), 2, 256, Duration.ofHours(24));
    }

    public RegistrySettings withServerTtl(Duration ttl) {
        return new RegistrySettings(ttl, flapThreshold, checkConcurrency, eventRetention);
    }

    public RegistrySettings withFlapThreshold(int n) {
        return new RegistrySettings(serverTtl, n, checkConcurrency, eventRetention);
    }
}
