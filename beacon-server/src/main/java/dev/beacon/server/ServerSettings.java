package dev.beacon.server;

import dev.beacon.core.config.ConfigSettings;
import dev.beacon.core.etcd.EtcdSettings;
import dev.beacon.core.registry.RegistrySettings;
import dev.beacon.server.ops.OpsSettings;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the server is configured with. Immutable; the {@code with*} methods return changed copies.
 *
 * @param host               listen address
 * @param port               listen port (0 = any free port)
 * @param dataDir            where the managed etcd keeps its data and log
 * @param etcd               an external cluster, or null to start the managed local etcd
 * @param etcdTemplate       timeouts, TLS and auth applied to whichever etcd is used (its endpoints are replaced for the managed one)
 * @param keyRoot            root of Beacon's keys in etcd, e.g. /beacon
 * @param maxBodyBytes       largest accepted request body
 * @param etcdCheckInterval  how often the connection monitor checks etcd
 * @param registry           the service registry's settings (server lease, check damping and concurrency, event retention)
 * @param sessionMaxBytes    largest data of one shared session, in bytes of JSON
 * @param config             configuration center limits: history retention per key, value size
 * @param ops                operations: the slow etcd call threshold
 */
public record ServerSettings(String host, int port, Path dataDir, EtcdSettings etcd, EtcdSettings etcdTemplate,
                             String keyRoot, long maxBodyBytes, Duration etcdCheckInterval, RegistrySettings registry,
                             int sessionMaxBytes, ConfigSettings config, OpsSettings ops) {
    public static final long DEFAULT_MAX_BODY = 1024 * 1024;
    public static final int DEFAULT_SESSION_MAX_BYTES = 64 * 1024;

    /** Settings for a server on a free loopback port against the given etcd endpoints (tests, benchmarks). */
    public static ServerSettings forEndpoints(Path dataDir, String... endpoints) {
        EtcdSettings etcd = EtcdSettings.of(endpoints);
        return new ServerSettings("127.0.0.1", 0, dataDir, etcd, etcd, "/beacon", DEFAULT_MAX_BODY, Duration.ofMillis(500),
                RegistrySettings.defaults(), DEFAULT_SESSION_MAX_BYTES, ConfigSettings.defaults(), OpsSettings.defaults());
    }

    public ServerSettings withEtcd(EtcdSettings settings) {
        return new ServerSettings(host, port, dataDir, settings, settings, keyRoot, maxBodyBytes, etcdCheckInterval, registry,
                sessionMaxBytes, config, ops);
    }

    public ServerSettings withPort(int newPort) {
        return new ServerSettings(host, newPort, dataDir, etcd, etcdTemplate, keyRoot, maxBodyBytes, etcdCheckInterval, registry,
                sessionMaxBytes, config, ops);
    }

    public ServerSettings withMaxBodyBytes(long bytes) {
        return new ServerSettings(host, port, dataDir, etcd, etcdTemplate, keyRoot, bytes, etcdCheckInterval, registry,
                sessionMaxBytes, config, ops);
    }

    public ServerSettings withRegistry(RegistrySettings settings) {
        return new ServerSettings(host, port, dataDir, etcd, etcdTemplate, keyRoot, maxBodyBytes, etcdCheckInterval, settings,
                sessionMaxBytes, config, ops);
    }

    public ServerSettings withSessionMaxBytes(int bytes) {
        return new ServerSettings(host, port, dataDir, etcd, etcdTemplate, keyRoot, maxBodyBytes, etcdCheckInterval, registry,
                bytes, config, ops);
    }

    public ServerSettings withOps(OpsSettings newOps) {
        return new ServerSettings(host, port, dataDir, etcd, etcdTemplate, keyRoot, maxBodyBytes, etcdCheckInterval, registry,
                sessionMaxBytes, config, newOps);
    }

    public ServerSettings withConfig(ConfigSettings newConfig) {
        return new ServerSettings(host, port, dataDir, etcd, etcdTemplate, keyRoot, maxBodyBytes, etcdCheckInterval, registry,
                sessionMaxBytes, newConfig, ops);
    }
}
