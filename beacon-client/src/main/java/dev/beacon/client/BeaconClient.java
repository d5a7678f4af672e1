package dev.beacon.client;

import dev.beacon.api.ConfigList;
import dev.beacon.client.internal.ClientThreads;
import dev.beacon.client.internal.DeliveryReporter;
import dev.beacon.client.internal.FailoverFile;
import dev.beacon.client.internal.ServerPool;
import dev.beacon.client.internal.StreamHub;
import dev.beacon.client.internal.Transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Beacon SDK's entry point: one per process (or per set of servers), thread-safe, {@link #close() closed} once.
 *
 * <pre>{@code
 * try (BeaconClient beacon = BeaconClient.builder().servers("http://10.0.0.1:8080", "http://10.0.0.2:8080")
 *         .cacheDir(Path.of("/var/cache/orders")).build()) {
 *     ConfigView cfg = beacon.config("orders", "prod");
 *     int size = cfg.getInt("pool.size", 10);
 * }
 * }</pre>
 *
 * <p>What it owns: a JDK HttpClient (calls with failover and a deadline, see {@link Builder}), the shared push
 * connection of every view ({@code /api/v1/ws}, up to 100 views per connection), its own daemon threads (named
 * {@code beacon-<name>-io|timer|listener-N}; never the common pool), the delivery reporter. {@link #close()} closes
 * every view, registration, held lock and campaign it made (registrations deregister, locks are released), then
 * stops its threads; idempotent.
 */
public final class BeaconClient implements AutoCloseable {
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    enum State { OPEN, CLOSED }

    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
    private final Transport transport;
    private final ClientThreads threads;
    private final StreamHub hub;
    private final DeliveryReporter reporter;
    private final Path cacheDir;
    private final Map<String, ConfigView> views = new ConcurrentHashMap<>();
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final Configs configs;
    private final Registry registry;
    private final Locks locks;
    private final Elections elections;
    private final Sessions sessions;
    private final Kv kv;
    private final Ops ops;
    private final Auth auth;

    private BeaconClient(Builder b) {
        String name = "client" + CLIENTS.incrementAndGet();
        this.threads = new ClientThreads(name);
        this.transport = new Transport(new ServerPool(b.servers), b.token, b.actor, b.connectTimeout, b.requestTimeout,
                b.callTimeout, threads.io(), b.ssl);
        this.hub = new StreamHub(transport, threads);
        this.cacheDir = b.cacheDir;
        this.reporter = new DeliveryReporter(transport, threads, b.instanceId, hostName(), version(), b.reportTtl, b.reportDelivery);
        this.configs = new Configs(transport);
        this.registry = new Registry(this);
        this.locks = new Locks(this);
        this.elections = new Elections(this);
        this.sessions = new Sessions(transport);
        this.kv = new Kv(transport);
        this.ops = new Ops(transport);
        this.auth = new Auth(transport);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The live view of {@code app}/{@code profile}: the same object for the same pair until it is closed. Loads it
     * now from a server; when none answers, from its failover file (logged, and {@link ConfigView#state()} is
     * {@link ConfigView.State#FAILOVER}); then it follows every change. Blocks up to the call deadline.
     *
     * @throws BeaconClientException UNAVAILABLE when no server answered and there is no failover file; or the
     *                               server's error (bad name, unauthorized)
     */
    public ConfigView config(String app, String profile) {
        requireOpen();
        String id = app + "/" + profile;
        ConfigView existing = views.get(id);
        if (existing != null && existing.state() != ConfigView.State.CLOSED) {
            return existing;
        }
        synchronized (views) {
            existing = views.get(id);
            if (existing != null && existing.state() != ConfigView.State.CLOSED) {
                return existing;
            }
            ConfigView view = open(app, profile);
            views.put(id, view);
            hub.add(view.subscriber());
            return view;
        }
    }

    private ConfigView open(String app, String profile) {
        FailoverFile file = failoverFile(app, profile);
        try {
            ConfigList list = configs.list(app, profile);
            return new ConfigView(this, app, profile, list, false, Instant.now());
        } catch (BeaconClientException e) {
            if (e.kind() != BeaconClientException.Kind.UNAVAILABLE || file == null) {
                throw e;
            }
            ConfigList saved = file.read().orElseThrow(() -> e);
            System.getLogger(BeaconClient.class.getName()).log(System.Logger.Level.WARNING, "Beacon: no server answered ("
                    + e.getMessage() + "); config " + app + "/" + profile + " starts from its failover file " + file.path()
                    + " at revision " + saved.revision() + " and catches up when a server answers");
            return new ConfigView(this, app, profile, saved, true, null);
        }
    }

    /** Config reads and writes (items, history, rollback, documents, delivery tracking) without a view. */
    public Configs configs() {
        return configs;
    }

    /** Registration and discovery. */
    public Registry registry() {
        return registry;
    }

    public Locks locks() {
        return locks;
    }

    public Elections elections() {
        return elections;
    }

    public Sessions sessions() {
        return sessions;
    }

    /** Raw etcd keys (admin). */
    public Kv kv() {
        return kv;
    }

    /** Operations: the server's troubleshooting checklist. */
    public Ops ops() {
        return ops;
    }

    /** Tokens (admin, auth on): create, list, revoke. */
    public Auth auth() {
        return auth;
    }

    /** This client's id in delivery reports (the builder's {@code instanceId}, or a random one). */
    public String instanceId() {
        return reporter.instanceId();
    }

    /** Open push connections (WebSockets) now. */
    public int connections() {
        return hub.connections();
    }

    /** Closes views, registrations (deregistered), locks (released) and campaigns (resigned), then the threads. Idempotent. */
    @Override
    public void close() {
        if (!state.compareAndSet(State.OPEN, State.CLOSED)) {
            return;
        }
        List<AutoCloseable> toClose;
        synchronized (owned) {
            toClose = new ArrayList<>(owned);
            owned.clear();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                System.getLogger(BeaconClient.class.getName()).log(System.Logger.Level.INFO, "Beacon: closing " + toClose.get(i) + " failed: " + e);
            }
        }
        new ArrayList<>(views.values()).forEach(ConfigView::close);
        hub.close();
        reporter.close();
        registry.closeViews();
        transport.close();
        threads.close();
    }

    // for the views and handles of this package

    void requireOpen() {
        if (state.get() != State.OPEN) {
            throw new IllegalStateException("this BeaconClient is closed");
        }
    }

    <T extends AutoCloseable> T own(T handle) {
        synchronized (owned) {
            owned.add(handle);
        }
        return handle;
    }

    void disown(AutoCloseable handle) {
        synchronized (owned) {
            owned.remove(handle);
        }
    }

    void closed(ConfigView view) {
        views.remove(view.app() + "/" + view.profile(), view);
        hub.remove(view.subscriber());
        reporter.removed(view.app(), view.profile());
    }

    FailoverFile failoverFile(String app, String profile) {
        return cacheDir == null ? null : new FailoverFile(cacheDir, app, profile);
    }

    ClientThreads threads() {
        return threads;
    }

    Transport transport() {
        return transport;
    }

    StreamHub hub() {
        return hub;
    }

    DeliveryReporter reporter() {
        return reporter;
    }

    static String version() {
        try (InputStream in = BeaconClient.class.getResourceAsStream("sdk.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Settings of a client; every one has a default but the servers. Timeouts: {@code connectTimeout} (TCP connect,
     * default 2 s), {@code requestTimeout} (one attempt on one server, default 5 s), {@code callTimeout} (a whole call
     * across failover and backoff, default 10 s).
     */
    public static final class Builder {
        private final List<URI> servers = new ArrayList<>();
        private String token;
        private String actor;
        private Path cacheDir;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration requestTimeout = Duration.ofSeconds(5);
        private Duration callTimeout = Duration.ofSeconds(10);
        private Duration reportTtl = Duration.ofSeconds(30);
        private String instanceId = "sdk-" + UUID.randomUUID().toString().substring(0, 13);
        private boolean reportDelivery = true;
        private javax.net.ssl.SSLContext ssl;

        private Builder() {
        }

        /** Server base URLs, e.g. {@code http://10.0.0.1:8080}; tried in this order, failing ones skipped for a while. */
        public Builder servers(String... urls) {
            for (String u : urls) {
                for (String one : u.split(",")) {
                    String t = one.trim();
                    if (t.isEmpty()) {
                        continue;
                    }
                    if (!t.startsWith("http://") && !t.startsWith("https://")) {
                        throw new IllegalArgumentException("a server URL must start with http:// or https://, got " + t);
                    }
                    servers.add(URI.create(t.endsWith("/") ? t.substring(0, t.length() - 1) : t));
                }
            }
            return this;
        }

        public Builder servers(List<String> urls) {
            return servers(urls.toArray(String[]::new));
        }

        /** A bearer token (sent as {@code Authorization: Bearer ...}). */
        public Builder token(String token) {
            this.token = token == null || token.isBlank() ? null : token;
            return this;
        }

        /**
         * Trusts the CA certificate(s) in this PEM file for {@code https://} servers, instead of the JDK's trust store
         * (a server whose certificate a private CA signed). Host names are still verified.
         *
         * @throws IllegalArgumentException when the file cannot be read or holds no certificate
         */
        public Builder trustedCa(Path pemFile) {
            this.ssl = dev.beacon.client.internal.TrustedCa.of(pemFile);
            return this;
        }

        /** The TLS context for {@code https://} servers (e.g. with a client certificate); overrides {@link #trustedCa}. */
        public Builder sslContext(javax.net.ssl.SSLContext context) {
            this.ssl = context;
            return this;
        }

        /** Who makes config changes through this client ({@code X-Beacon-Actor}, shown as {@code updatedBy}) while auth is off. */
        public Builder actor(String actor) {
            this.actor = actor;
            return this;
        }

        /** Where failover files go ({@code {dir}/config/{app}/{profile}.json}); none when not set. */
        public Builder cacheDir(Path dir) {
            this.cacheDir = dir;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive("connectTimeout", d);
            return this;
        }

        public Builder requestTimeout(Duration d) {
            this.requestTimeout = positive("requestTimeout", d);
            return this;
        }

        public Builder callTimeout(Duration d) {
            this.callTimeout = positive("callTimeout", d);
            return this;
        }

        /** How long a delivery report outlives this client when it stops reporting (2–300 s, default 30 s). */
        public Builder reportTtl(Duration d) {
            if (d.toSeconds() < 2 || d.toSeconds() > 300) {
                throw new IllegalArgumentException("reportTtl must be 2 to 300 seconds, got " + d);
            }
            this.reportTtl = d;
            return this;
        }

        /**
         * Whether config views report the revision they applied (delivery tracking; default true). Turn it off for tools
         * that watch config without applying it (the CLI's {@code config watch}), so they do not show up as clients.
         */
        public Builder reportDelivery(boolean report) {
            this.reportDelivery = report;
            return this;
        }

        /** This client's id in delivery reports ({@code [A-Za-z0-9._-]{1,128}}); default a random {@code sdk-...}. */
        public Builder instanceId(String id) {
            if (id == null || !id.matches("[A-Za-z0-9._-]{1,128}")) {
                throw new IllegalArgumentException("instanceId must be 1 to 128 of A-Z a-z 0-9 . _ -, got " + id);
            }
            this.instanceId = id;
            return this;
        }

        public BeaconClient build() {
            if (servers.isEmpty()) {
                throw new IllegalArgumentException("give at least one server URL with servers(...)");
            }
            return new BeaconClient(this);
        }

        private static Duration positive(String what, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
