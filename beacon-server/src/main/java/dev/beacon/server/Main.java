package dev.beacon.server;

import dev.beacon.core.Durations;
import dev.beacon.core.config.ConfigSettings;
import dev.beacon.core.etcd.EtcdSettings;
import dev.beacon.core.registry.RegistrySettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar beacon-server-all.jar [options]}: every flag has an environment variable twin,
 * and the flag wins. Without {@code --etcd}, Beacon starts and manages a local etcd.
 */
@Command(name = "beacon-server", mixinStandardHelpOptions = true, version = "Beacon 0.1.0",
        description = "Beacon: configuration center and service registry on etcd.",
        sortOptions = false, showDefaultValues = true)
public final class Main implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--host", defaultValue = "${env:BEACON_HOST:-127.0.0.1}", description = "Listen address (env BEACON_HOST).")
    String host;
    @Option(names = "--port", defaultValue = "${env:BEACON_PORT:-8080}", description = "Listen port (env BEACON_PORT).")
    int port;
    @Option(names = "--data-dir", defaultValue = "${env:BEACON_DATA_DIR:-./data}", description = "Data directory of the managed etcd (env BEACON_DATA_DIR).")
    Path dataDir;
    @Option(names = "--etcd", defaultValue = "${env:BEACON_ETCD}", description = "Comma-separated etcd endpoints; when set, no local etcd is started (env BEACON_ETCD).")
    String etcd;
    @Option(names = "--etcd-ca", defaultValue = "${env:BEACON_ETCD_CA}", description = "PEM CA file to trust for https etcd endpoints (env BEACON_ETCD_CA).")
    Path etcdCa;
    @Option(names = "--etcd-cert", defaultValue = "${env:BEACON_ETCD_CERT}", description = "PEM client certificate for etcd mTLS (env BEACON_ETCD_CERT).")
    Path etcdCert;
    @Option(names = "--etcd-key", defaultValue = "${env:BEACON_ETCD_KEY}", description = "PEM PKCS#8 client key for etcd mTLS (env BEACON_ETCD_KEY).")
    Path etcdKey;
    @Option(names = "--etcd-user", defaultValue = "${env:BEACON_ETCD_USER}", description = "etcd user for password auth (env BEACON_ETCD_USER).")
    String etcdUser;
    @Option(names = "--etcd-password", defaultValue = "${env:BEACON_ETCD_PASSWORD}", description = "etcd password (env BEACON_ETCD_PASSWORD).")
    String etcdPassword;
    @Option(names = "--etcd-connect-timeout", defaultValue = "${env:BEACON_ETCD_CONNECT_TIMEOUT:-3s}", description = "Connect timeout to etcd (env BEACON_ETCD_CONNECT_TIMEOUT).")
    String connectTimeout;
    @Option(names = "--request-timeout", defaultValue = "${env:BEACON_REQUEST_TIMEOUT:-5s}", description = "Deadline of every etcd call (env BEACON_REQUEST_TIMEOUT).")
    String requestTimeout;
    @Option(names = "--etcd-check-interval", defaultValue = "${env:BEACON_ETCD_CHECK_INTERVAL:-2s}", description = "How often etcd's health is checked (env BEACON_ETCD_CHECK_INTERVAL).")
    String checkInterval;
    @Option(names = "--key-root", defaultValue = "${env:BEACON_KEY_ROOT:-/beacon}", description = "Root of Beacon's keys in etcd (env BEACON_KEY_ROOT).")
    String keyRoot;
    @Option(names = "--max-body-size", defaultValue = "${env:BEACON_MAX_BODY_SIZE:-1048576}", description = "Largest request body in bytes; larger answers 413 (env BEACON_MAX_BODY_SIZE).")
    long maxBody;
    @Option(names = "--server-lease-ttl", defaultValue = "${env:BEACON_SERVER_LEASE_TTL:-10s}", description = "TTL of this server's lease among the live Beacon servers: a server that dies has its health checks taken over after this (env BEACON_SERVER_LEASE_TTL).")
    String serverLeaseTtl;
    @Option(names = "--check-flap-threshold", defaultValue = "${env:BEACON_CHECK_FLAP_THRESHOLD:-2}", description = "Consecutive check results needed to turn an instance UP or DOWN (env BEACON_CHECK_FLAP_THRESHOLD).")
    int flapThreshold;
    @Option(names = "--check-concurrency", defaultValue = "${env:BEACON_CHECK_CONCURRENCY:-256}", description = "Most health check probes in flight at once on this server (env BEACON_CHECK_CONCURRENCY).")
    int checkConcurrency;
    @Option(names = "--instance-event-retention", defaultValue = "${env:BEACON_INSTANCE_EVENT_RETENTION:-24h}", description = "How long instance events (registered, check failed, removed and why) are kept (env BEACON_INSTANCE_EVENT_RETENTION).")
    String eventRetention;
    @Option(names = "--session-max-bytes", defaultValue = "${env:BEACON_SESSION_MAX_BYTES:-65536}", description = "Largest data of one shared session in bytes of JSON, at most 1048576; larger answers 413 (env BEACON_SESSION_MAX_BYTES).")
    int sessionMaxBytes;
    @Option(names = "--history-retention", defaultValue = "${env:BEACON_HISTORY_RETENTION:-100}", description = "History records kept per config key, newest first (env BEACON_HISTORY_RETENTION).")
    int historyRetention;
    @Option(names = "--max-value-size", defaultValue = "${env:BEACON_MAX_VALUE_SIZE:-262144}", description = "Largest config value in bytes; larger answers 400 INVALID_VALUE (env BEACON_MAX_VALUE_SIZE).")
    int maxValueSize;
    @Option(names = "--slow-etcd-threshold", defaultValue = "${env:BEACON_SLOW_ETCD_THRESHOLD:-500ms}", description = "etcd calls at least this long count as slow in the doctor (env BEACON_SLOW_ETCD_THRESHOLD).")
    String slowEtcdThreshold;
    @Option(names = "--restore-from", defaultValue = "${env:BEACON_RESTORE_FROM}", description = "An etcd snapshot (GET /api/v1/backup/snapshot, etcdctl snapshot save) to restore into the managed etcd before it starts; its old data is moved aside (env BEACON_RESTORE_FROM).")
    Path restoreFrom;
    @Option(names = "--shutdown-timeout", defaultValue = "${env:BEACON_SHUTDOWN_TIMEOUT:-20s}", description = "On SIGTERM, how long to wait for requests in flight after /ready turned 503 and streams ended (env BEACON_SHUTDOWN_TIMEOUT).")
    String shutdownTimeout;
    @Option(names = "--admin-token-file", defaultValue = "${env:BEACON_ADMIN_TOKEN_FILE}", description = "File holding the admin token; turns auth on (env BEACON_ADMIN_TOKEN_FILE; or put the token itself in env BEACON_ADMIN_TOKEN).")
    Path adminTokenFile;
    @Option(names = "--insecure", defaultValue = "${env:BEACON_INSECURE:-false}", description = "Allow listening beyond loopback with auth off; every start, /ready and the console then say so (env BEACON_INSECURE).")
    boolean insecure;
    @Option(names = "--session-ttl", defaultValue = "${env:BEACON_SESSION_TTL:-8h}", description = "How long a console login lasts (env BEACON_SESSION_TTL).")
    String sessionTtl;
    @Option(names = "--auth-failure-limit", defaultValue = "${env:BEACON_AUTH_FAILURE_LIMIT:-20}", description = "Failed authentications per client address per minute before it is answered 429 (env BEACON_AUTH_FAILURE_LIMIT).")
    int authFailureLimit;
    @Option(names = "--audit-retention", defaultValue = "${env:BEACON_AUDIT_RETENTION:-30d}", description = "How long audit records (every write: who, what, result) are kept, e.g. 30d, 12h (env BEACON_AUDIT_RETENTION).")
    String auditRetention;
    @Option(names = "--tls-cert", defaultValue = "${env:BEACON_TLS_CERT}", description = "PEM certificate chain: serve HTTPS only, reloaded when the file changes; needs --tls-key (env BEACON_TLS_CERT).")
    Path tlsCert;
    @Option(names = "--tls-key", defaultValue = "${env:BEACON_TLS_KEY}", description = "PEM PKCS#8 private key of --tls-cert (env BEACON_TLS_KEY).")
    Path tlsKey;
    @Option(names = "--log-format", defaultValue = "${env:BEACON_LOG_FORMAT:-text}", description = "Log format: text or json (env BEACON_LOG_FORMAT).")
    String logFormat;

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--log-format must be text or json");
        }
        if (logFormat.equals("json")) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        }
        // gRPC logs through java.util.logging: send it through Logback too, so every line has the chosen format
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        if (restoreFrom != null && etcd != null && !etcd.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--restore-from restores the managed etcd only; "
                    + "to restore an external cluster follow docs/operations.md (etcdctl snapshot restore on every member)");
        }
        ServerSettings settings;
        try {
            settings = settings();
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        BeaconServer server;
        try {
            server = BeaconServer.start(settings);
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            System.err.println("beacon: cannot start: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "beacon-shutdown"));
        stopped.await();
        return 0;
    }

    /** The admin token from --admin-token-file, else from env BEACON_ADMIN_TOKEN (never a flag: flags show in ps). */
    private String adminToken() {
        if (adminTokenFile != null) {
            try {
                String token = java.nio.file.Files.readString(adminTokenFile).trim();
                if (token.isEmpty()) {
                    throw new IllegalArgumentException("--admin-token-file " + adminTokenFile + " is empty");
                }
                return token;
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot read --admin-token-file " + adminTokenFile + ": " + e.getMessage());
            }
        }
        String env = System.getenv("BEACON_ADMIN_TOKEN");
        return env == null || env.isBlank() ? null : env.trim();
    }

    private ServerSettings settings() {
        Duration connect = Durations.parse("--etcd-connect-timeout", connectTimeout);
        Duration request = Durations.parse("--request-timeout", requestTimeout);
        ServerSettings.Etcd which = new ServerSettings.Managed(connect, request);
        if (etcd != null && !etcd.isBlank()) {
            List<String> endpoints = Arrays.stream(etcd.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            which = new ServerSettings.External(EtcdSettings.of(endpoints).withTimeouts(connect, request)
                    .withTls(etcdCa, etcdCert, etcdKey).withAuth(etcdUser, etcdPassword));
        }
        RegistrySettings registry = new RegistrySettings(Durations.parse("--server-lease-ttl", serverLeaseTtl), flapThreshold,
                checkConcurrency, Durations.parse("--instance-event-retention", eventRetention));
        dev.beacon.server.auth.AuthSettings auth = dev.beacon.server.auth.AuthSettings.defaults().withAdminToken(adminToken())
                .withInsecure(insecure).withSessionTtl(Durations.parse("--session-ttl", sessionTtl))
                .withFailureLimit(authFailureLimit, Duration.ofMinutes(1));
        return ServerSettings.builder().auth(auth).host(host).port(port).dataDir(dataDir).etcd(which).keyRoot(keyRoot)
                .maxBodyBytes(maxBody).etcdCheckInterval(Durations.parse("--etcd-check-interval", checkInterval))
                .registry(registry).sessionMaxBytes(sessionMaxBytes).config(new ConfigSettings(historyRetention, maxValueSize))
                .ops(new dev.beacon.server.ops.OpsSettings(Durations.parse("--slow-etcd-threshold", slowEtcdThreshold), restoreFrom,
                        Durations.parse("--shutdown-timeout", shutdownTimeout)))
                .audit(dev.beacon.core.audit.AuditSettings.retaining(Durations.parse("--audit-retention", auditRetention)))
                .tls(tlsCert == null && tlsKey == null ? dev.beacon.server.tls.TlsSettings.off()
                        : dev.beacon.server.tls.TlsSettings.of(tlsCert, tlsKey))
                .build();
    }
}
