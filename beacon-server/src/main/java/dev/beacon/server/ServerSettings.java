package dev.beacon.server;

import dev.beacon.core.audit.AuditSettings;
import dev.beacon.core.config.ConfigSettings;
import dev.beacon.core.etcd.EtcdSettings;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.registry.RegistrySettings;
import dev.beacon.server.auth.AuthSettings;
import dev.beacon.server.ops.OpsSettings;
import dev.beacon.server.tls.TlsSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the server is configured with. Immutable; build one with {@link #builder()}, change one with
 * {@link #toBuilder()}. Validated at {@link Builder#build()}.
 *
 * @param host              listen address
 * @param port              listen port (0 = any free port)
 * @param dataDir           where the managed etcd keeps its data and log
 * @param etcd              which etcd: one the server starts and manages, or an existing cluster
 * @param keyRoot           root of Beacon's keys in etcd, e.g. /beacon
 * @param maxBodyBytes      largest accepted request body
 * @param etcdCheckInterval how often the connection monitor checks etcd
 * @param registry          the service registry's settings (server lease, check damping and concurrency, event retention)
 * @param sessionMaxBytes   largest data of one shared session, in bytes of JSON
 * @param config            configuration center limits: history retention per key, value size
 * @param virtualThreads    run request handlers on virtual threads (default: when the runtime has them, Java 21+);
 *                          off, they run on Jetty's pool of platform threads, as on Java 17
 * @param ops               operations: the slow etcd call threshold, a snapshot to restore the managed etcd from, the
 *                          shutdown timeout
 * @param auth              authentication: the admin token (auth on), --insecure, console sessions, the failed-login limit
 * @param audit             the audit trail's retention and prune interval
 * @param tls               HTTPS: the PEM certificate and key (off: plain HTTP), their reload interval, HSTS
 */
public record ServerSettings(String host, int port, Path dataDir, Etcd etcd, String keyRoot, long maxBodyBytes,
                             Duration etcdCheckInterval, RegistrySettings registry, int sessionMaxBytes, ConfigSettings config,
                             boolean virtualThreads, OpsSettings ops, AuthSettings auth, AuditSettings audit, TlsSettings tls) {
    public static final long DEFAULT_MAX_BODY = 1024 * 1024;
    public static final int DEFAULT_SESSION_MAX_BYTES = 64 * 1024;
    public static final int MAX_SESSION_BYTES = 1024 * 1024;

    /** Which etcd the server uses. */
    public sealed interface Etcd permits Managed, External {
        /** Deadlines of the connection to it. */
        Duration connectTimeout();

        Duration requestTimeout();
    }

    /** A local etcd that the server starts in {@code dataDir}, stops with itself, and reaches on loopback. */
    public record Managed(Duration connectTimeout, Duration requestTimeout) implements Etcd {
        public static Managed defaults() {
            return new Managed(EtcdSettings.DEFAULT_CONNECT_TIMEOUT, EtcdSettings.DEFAULT_REQUEST_TIMEOUT);
        }

        /** How the server connects to it once it runs at {@code clientUrl}. */
        public EtcdSettings connection(String clientUrl) {
            return EtcdSettings.of(clientUrl).withTimeouts(connectTimeout, requestTimeout);
        }
    }

    /** An existing etcd cluster: endpoints, timeouts, TLS and auth. */
    public record External(EtcdSettings settings) implements Etcd {
        public External {
            Objects.requireNonNull(settings, "settings");
        }

        @Override
        public Duration connectTimeout() {
            return settings.connectTimeout();
        }

        @Override
        public Duration requestTimeout() {
            return settings.requestTimeout();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Settings for a server on a free loopback port against the given etcd endpoints (tests, benchmarks). */
    public static ServerSettings forEndpoints(Path dataDir, String... endpoints) {
        return builder().port(0).dataDir(dataDir).etcd(new External(EtcdSettings.of(endpoints)))
                .etcdCheckInterval(Duration.ofMillis(500)).build();
    }

    /** The external cluster's settings. @throws IllegalStateException when the server manages its own etcd */
    public EtcdSettings externalEtcd() {
        if (etcd instanceof External e) {
            return e.settings();
        }
        throw new IllegalStateException("this server manages its own etcd; there are no external etcd settings");
    }

    /** Builds {@link ServerSettings}; every setter has the default the server's flags document. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private Path dataDir = Path.of("data");
        private Etcd etcd = Managed.defaults();
        private String keyRoot = KeyLayout.DEFAULT_ROOT;
        private long maxBodyBytes = DEFAULT_MAX_BODY;
        private Duration etcdCheckInterval = Duration.ofSeconds(2);
        private RegistrySettings registry = RegistrySettings.defaults();
        private int sessionMaxBytes = DEFAULT_SESSION_MAX_BYTES;
        private ConfigSettings config = ConfigSettings.defaults();
        private boolean virtualThreads = Runtime.version().feature() >= 21;
        private OpsSettings ops = OpsSettings.defaults();
        private AuthSettings auth = AuthSettings.defaults();
        private AuditSettings audit = AuditSettings.defaults();
        private TlsSettings tls = TlsSettings.off();

        private Builder() {
        }

        private Builder(ServerSettings s) {
            host = s.host;
            port = s.port;
            dataDir = s.dataDir;
            etcd = s.etcd;
            keyRoot = s.keyRoot;
            maxBodyBytes = s.maxBodyBytes;
            etcdCheckInterval = s.etcdCheckInterval;
            registry = s.registry;
            sessionMaxBytes = s.sessionMaxBytes;
            config = s.config;
            virtualThreads = s.virtualThreads;
            ops = s.ops;
            auth = s.auth;
            audit = s.audit;
            tls = s.tls;
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder dataDir(Path value) {
            dataDir = value;
            return this;
        }

        public Builder etcd(Etcd value) {
            etcd = value;
            return this;
        }

        /** Uses an external cluster with these settings. */
        public Builder externalEtcd(EtcdSettings value) {
            return etcd(new External(value));
        }

        public Builder keyRoot(String value) {
            keyRoot = value;
            return this;
        }

        public Builder maxBodyBytes(long value) {
            maxBodyBytes = value;
            return this;
        }

        public Builder etcdCheckInterval(Duration value) {
            etcdCheckInterval = value;
            return this;
        }

        public Builder registry(RegistrySettings value) {
            registry = value;
            return this;
        }

        public Builder sessionMaxBytes(int value) {
            sessionMaxBytes = value;
            return this;
        }

        public Builder config(ConfigSettings value) {
            config = value;
            return this;
        }

        /** Virtual threads for request handlers; refused on a runtime without them (before Java 21). */
        public Builder virtualThreads(boolean value) {
            virtualThreads = value;
            return this;
        }

        public Builder ops(OpsSettings value) {
            ops = value;
            return this;
        }

        public Builder auth(AuthSettings value) {
            auth = value;
            return this;
        }

        public Builder audit(AuditSettings value) {
            audit = value;
            return this;
        }

        public Builder tls(TlsSettings value) {
            tls = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the first setting that is out of range */
        public ServerSettings build() {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be empty");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
            if (maxBodyBytes < 1) {
                throw new IllegalArgumentException("the body size limit must be positive, got " + maxBodyBytes);
            }
            if (sessionMaxBytes < 1 || sessionMaxBytes > MAX_SESSION_BYTES) {
                throw new IllegalArgumentException("the session size limit must be between 1 and " + MAX_SESSION_BYTES + ", got " + sessionMaxBytes);
            }
            if (etcdCheckInterval.isNegative() || etcdCheckInterval.isZero()) {
                throw new IllegalArgumentException("the etcd check interval must be positive, got " + etcdCheckInterval);
            }
            if (virtualThreads && Runtime.version().feature() < 21) {
                throw new IllegalArgumentException("virtual threads need Java 21 or newer; this is Java " + Runtime.version().feature());
            }
            new KeyLayout(keyRoot); // validates the root
            Objects.requireNonNull(auth, "auth");
            if (!auth.enabled() && !auth.insecure() && !loopback(host)) {
                throw new IllegalArgumentException("refusing to listen on " + host + " without authentication: anyone who can reach it "
                        + "could read and change every configuration. Set BEACON_ADMIN_TOKEN or --admin-token-file (docs/security.md), "
                        + "listen on 127.0.0.1, or pass --insecure to run open on purpose");
            }
            return new ServerSettings(host, port, Objects.requireNonNull(dataDir, "dataDir"), Objects.requireNonNull(etcd, "etcd"),
                    keyRoot, maxBodyBytes, etcdCheckInterval, Objects.requireNonNull(registry, "registry"), sessionMaxBytes,
                    Objects.requireNonNull(config, "config"), virtualThreads, Objects.requireNonNull(ops, "ops"), auth,
                    Objects.requireNonNull(audit, "audit"), Objects.requireNonNull(tls, "tls"));
        }
    }

    /** Whether {@code host} names a loopback address only (127.0.0.0/8, ::1, localhost). */
    public static boolean loopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** Auth is off although the server listens beyond loopback (allowed only with --insecure). */
    public boolean openBeyondLoopback() {
        return !auth.enabled() && !loopback(host);
    }
}
