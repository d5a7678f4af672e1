package dev.beacon.server;

import dev.beacon.core.WriteSeam;
import dev.beacon.core.audit.AuditTrail;
import dev.beacon.core.config.ConfigClients;
import dev.beacon.core.config.ConfigEvents;
import dev.beacon.core.config.ConfigHistory;
import dev.beacon.core.config.ConfigStore;
import dev.beacon.core.config.HistoryRecorder;
import dev.beacon.core.config.PropertySources;
import dev.beacon.core.coord.Elections;
import dev.beacon.core.coord.LeaderLatch;
import dev.beacon.core.coord.Locks;
import dev.beacon.core.coord.Sessions;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.EtcdSettings;
import dev.beacon.core.etcd.LeaseKeeper;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.kv.KvStore;
import dev.beacon.core.launcher.LocalEtcd;
import dev.beacon.core.watch.Mirrors;
import dev.beacon.core.auth.ConsoleSessions;
import dev.beacon.core.auth.Tokens;
import dev.beacon.server.auth.AuthGate;
import dev.beacon.server.auth.AuthHandlers;
import dev.beacon.server.auth.Permissions;
import dev.beacon.server.audit.AuditHandlers;
import dev.beacon.server.config.ConfigClientHandlers;
import dev.beacon.server.config.ConfigHandlers;
import dev.beacon.server.config.ConfigScope;
import dev.beacon.server.console.ConsoleHandlers;
import dev.beacon.server.coord.ElectionScope;
import dev.beacon.server.coord.ElectionHandlers;
import dev.beacon.server.coord.LockHandlers;
import dev.beacon.server.coord.SessionHandlers;
import dev.beacon.server.events.EventHandlers;
import dev.beacon.server.events.EventHub;
import dev.beacon.server.events.Scopes;
import dev.beacon.server.http.JettyErrors;
import dev.beacon.server.http.Json;
import dev.beacon.server.http.Routes;
import dev.beacon.server.kv.KvHandlers;
import dev.beacon.server.kv.SeedHandlers;
import dev.beacon.core.ops.doctor.Doctor;
import dev.beacon.core.ops.doctor.DoctorContext;
import dev.beacon.core.ops.Snapshots;
import dev.beacon.server.ops.BackupHandlers;
import dev.beacon.server.ops.TransferHandlers;
import dev.beacon.core.ops.Exporter;
import dev.beacon.core.ops.Importer;
import dev.beacon.server.ops.BeaconMeters;
import dev.beacon.server.ops.DoctorHandlers;
import dev.beacon.server.ops.Drain;
import dev.beacon.server.ops.HealthHandlers;
import dev.beacon.server.ops.Metrics;
import dev.beacon.server.ops.MetricsHandlers;
import dev.beacon.server.ops.OpsHandlers;
import dev.beacon.server.registry.RegistryModule;
import dev.beacon.server.registry.ServiceScope;
import dev.beacon.server.scc.SccHandlers;
import dev.beacon.server.tls.TlsServer;
import io.javalin.Javalin;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The composition root: starts the managed etcd (unless an external one is configured), the etcd
 * connection, the mirrors, the server's own lease, the features and the HTTP server. {@link #close()}
 * stops everything in the reverse order of start (push streams first, so clients get a final resync
 * event; the HTTP server; the features; the server's lease, so other servers take over its share at
 * once; the mirrors; the connection; the managed etcd) and is idempotent. Start-up does not wait for
 * an external etcd: the server comes up and reports not-ready until etcd answers.
 */
public final class BeaconServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BeaconServer.class);
    /** Pending connections the kernel queues for the server (capped by net.core.somaxconn). */
    static final int ACCEPT_QUEUE = 4096;

    private final ServerSettings settings;
    private final Parts parts;
    private final Javalin app;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** What the server is made of; {@link #closeables} holds them in start order. */
    private static final class Parts {
        final Deque<AutoCloseable> closeables = new ArrayDeque<>();
        LocalEtcd localEtcd;
        EtcdConnection etcd;
        Mirrors mirrors;
        LeaseKeeper serverLease;
        EventHub hub;
        WriteSeam writes;
        AuditTrail audit;
        TlsServer tls;
        ConfigStore config;
        HistoryRecorder recorder;
        RegistryModule registry;
        Locks locks;
        Elections elections;
        Sessions sessions;
        Metrics metrics;
        final Drain drain = new Drain();

        <T extends AutoCloseable> T add(T part) {
            closeables.push(part);
            return part;
        }

        void closeAll() {
            while (!closeables.isEmpty()) {
                AutoCloseable c = closeables.pop();
                try {
                    c.close();
                } catch (Exception e) {
                    log.warn("stopping {} failed: {}", c.getClass().getSimpleName(), e.toString());
                }
            }
        }
    }

    private BeaconServer(ServerSettings settings, Parts parts, Javalin app) {
        this.settings = settings;
        this.parts = parts;
        this.app = app;
    }

    /**
     * @throws IllegalStateException when the managed etcd cannot be started or the port cannot be bound
     */
    public static BeaconServer start(ServerSettings settings) {
        Parts p = new Parts();
        try {
            EtcdSettings etcdSettings;
            if (settings.etcd() instanceof ServerSettings.Managed managed) {
                p.localEtcd = p.add(LocalEtcd.start(settings.dataDir().resolve("").toAbsolutePath(), Duration.ofSeconds(30),
                        settings.ops().restoreFrom()));
                etcdSettings = managed.connection(p.localEtcd.clientUrl());
            } else {
                etcdSettings = settings.externalEtcd();
            }
            p.etcd = p.add(EtcdConnection.open(etcdSettings, settings.etcdCheckInterval()));
            p.etcd.calls().slowThreshold(settings.ops().slowEtcdThreshold());
            p.metrics = p.add(new Metrics());
            io.micrometer.core.instrument.Gauge.builder("beacon.http.in.flight", p.drain, Drain::inFlight)
                    .description("HTTP requests in flight, streams and long polls included").register(p.metrics.registry());
            KeyLayout keys = new KeyLayout(settings.keyRoot());
            ExecutorService delivery = Threads.fanout();
            p.add(delivery::shutdownNow);
            p.mirrors = p.add(new Mirrors(p.etcd, keys.rootPrefix(), keys.unmirrored(), Mirrors.DEFAULT_RING, delivery));
            p.serverLease = p.add(LeaseKeeper.start(p.etcd, "beacon server", settings.registry().serverTtl()));
            Json json = new Json(settings.maxBodyBytes());
            p.writes = new WriteSeam();
            p.audit = p.add(new AuditTrail(p.etcd, keys, settings.audit()).start());
            p.writes.addRecorder(p.audit);
            AuditHandlers.bindMeters(p.metrics.registry(), p.audit);
            p.tls = TlsServer.start(settings.tls());
            if (p.tls != null) {
                p.add(p.tls);
            }
            KvStore kv = new KvStore(p.etcd, p.writes);
            p.config = new ConfigStore(p.etcd, keys, p.mirrors.root(), settings.config(), p.writes);
            p.recorder = p.add(new HistoryRecorder(p.etcd, keys, p.mirrors.feed(keys.configRoot()),
                    settings.config().historyRetention(), p.config));
            p.recorder.start();
            p.registry = p.add(new RegistryModule(p.etcd, p.mirrors.root(), keys, settings.registry(), p.writes, json));
            p.locks = p.add(new Locks(p.etcd, p.mirrors.root(), keys, p.writes));
            p.elections = p.add(new Elections(p.etcd, p.mirrors.root(), keys, p.writes));
            p.sessions = new Sessions(p.etcd, p.mirrors.root(), keys, settings.sessionMaxBytes(), p.writes);
            p.hub = new EventHub(p.etcd.scheduler(), delivery);
            Scopes scopes = new Scopes(p.mirrors);
            scopes.register("config", new ConfigScope(scopes, keys, new ConfigEvents(keys, p.config)));
            scopes.register("services", new ServiceScope(scopes, p.registry.discovery()));
            scopes.register("elections", new ElectionScope(scopes, p.elections));
            p.add(BeaconMeters.bind(p.metrics, p.etcd, p.mirrors, p.hub, p.registry.discovery(), p.registry.checks(), keys));
            Tokens tokens = new Tokens(p.etcd, p.mirrors.root(), keys, p.writes);
            ConsoleSessions consoleSessions = new ConsoleSessions(p.etcd, p.mirrors.root(), keys, p.writes, tokens);
            AuthGate gate = p.add(new AuthGate(settings.auth(), tokens, consoleSessions, new Permissions(keys.root()), p.etcd.scheduler()));
            HttpClient doctorHttp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            Doctor doctor = new Doctor(() -> new DoctorContext(p.etcd, p.mirrors::all, p.mirrors.root(), keys,
                    p.registry.membership().id(), doctorHttp), Doctor.standardChecks());
            ConfigHistory history = new ConfigHistory(p.etcd, keys, p.config);
            Routes.Handlers handlers = new Routes.Handlers(
                    new SeedHandlers(kv, p.mirrors, json),
                    new KvHandlers(kv, json),
                    new HealthHandlers(p.etcd.monitor(), p.mirrors, p.drain, settings.auth().enabled(), settings.openBeyondLoopback()),
                    new ConfigHandlers(p.config, history, json),
                    new SccHandlers(new PropertySources(p.config)),
                    p.registry.handlers(),
                    new LockHandlers(p.locks, json),
                    new ElectionHandlers(p.elections, json),
                    new SessionHandlers(p.sessions, json),
                    new EventHandlers(p.hub, scopes, p.etcd.scheduler(), gate),
                    new ConsoleHandlers(),
                    new ConfigClientHandlers(new ConfigClients(p.etcd, keys, p.mirrors.root(), p.writes), json),
                    new OpsHandlers(new DoctorHandlers(doctor), new MetricsHandlers(p.metrics),
                            new BackupHandlers(new Snapshots(p.etcd)), new TransferHandlers(
                                    new Exporter(p.config, history, p.registry.serviceSettings()),
                                    new Importer(p.config, p.registry.serviceSettings())), p.drain),
                    new AuthHandlers(gate, settings.auth(), tokens, consoleSessions, json, settings.openBeyondLoopback()),
                    new AuditHandlers(p.audit));
            Javalin app = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.router.ignoreTrailingSlashes = false; // a trailing slash is part of an etcd key
                config.startup.showOldJavalinVersionWarning = false;
                config.concurrency.useVirtualThreads = settings.virtualThreads();
                config.http.maxRequestSize = settings.maxBodyBytes();
                config.staticFiles.add(files -> { // the web console (beacon-console); every text file says it is UTF-8
                    files.hostedPath = ConsoleHandlers.HOSTED;
                    files.directory = ConsoleHandlers.DIRECTORY;
                    files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
                    files.headers = java.util.Map.of("Cache-Control", "no-cache");
                    files.mimeTypes.add("text/html; charset=utf-8", "html");
                    files.mimeTypes.add("text/javascript; charset=utf-8", "js");
                    files.mimeTypes.add("text/css; charset=utf-8", "css");
                    files.mimeTypes.add("application/json; charset=utf-8", "json");
                    files.mimeTypes.add("image/svg+xml; charset=utf-8", "svg");
                });
                config.jsonMapper(json);
                config.jetty.host = settings.host();
                config.jetty.port = settings.port();
                // Javalin's default connector keeps the JDK's accept backlog of 50: after a restart, thousands of
                // clients reconnecting at once would see their connects dropped and retried a second later
                // Jetty's own rejections (bad request lines, URIs over the limit, ambiguous paths) answer Beacon's JSON too
                config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
                config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JettyErrors.InContext()));
                config.jetty.addConnector((server, http) -> {
                    ServerConnector connector = p.tls != null ? p.tls.connector(server, http) // HTTPS only
                            : new ServerConnector(server, new HttpConnectionFactory(http));
                    connector.setHost(settings.host());
                    connector.setPort(settings.port());
                    connector.setAcceptQueueSize(ACCEPT_QUEUE);
                    return connector;
                });
                Routes.install(config, handlers);
            });
            app.start();
            p.add(app::stop);
            p.add(p.hub);
            BeaconServer server = new BeaconServer(settings, p, app);
            p.registry.start(server.url(), p.serverLease);
            log.info("Beacon listening on {}://{}:{} (etcd {}{}), key root {}, auth {}", server.scheme(), settings.host(), app.port(),
                    String.join(",", etcdSettings.endpoints()), p.localEtcd != null ? ", managed" : "", keys.root(),
                    settings.auth().enabled() ? "on" : "off");
            if (settings.openBeyondLoopback()) {
                log.warn("INSECURE: auth is off and Beacon listens on {} (--insecure): anyone who can reach it can read and change "
                        + "every configuration. Configure BEACON_ADMIN_TOKEN or --admin-token-file (docs/security.md)", settings.host());
            }
            return server;
        } catch (RuntimeException e) {
            p.closeAll();
            throw e instanceof IllegalStateException ? e : new IllegalStateException(e.getMessage(), e);
        }
    }

    public int port() {
        return app.port();
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8080}, or {@code https://...} with {@code --tls-cert}. */
    public String url() {
        return scheme() + "://" + settings.host() + ":" + port();
    }

    private String scheme() {
        return settings.tls().on() ? "https" : "http";
    }

    /** The audit trail of every write (records, pruning, its counters). */
    public AuditTrail audit() {
        return parts.audit;
    }

    /** HTTPS (certificate reloads), or null when the server speaks plain HTTP. */
    public TlsServer tls() {
        return parts.tls;
    }

    /**
     * How many of Jetty's request threads are busy right now: work in handlers, not connections held open (long
     * polls, streams and waiting lock requests hold none). Counts platform threads; with virtual threads
     * ({@link ServerSettings#virtualThreads()}) handlers do not occupy the pool.
     */
    public int busyRequestThreads() {
        return app.jettyServer().threadPool() instanceof org.eclipse.jetty.util.thread.QueuedThreadPool pool ? pool.getBusyThreads() : -1;
    }

    public EtcdConnection etcd() {
        return parts.etcd;
    }

    /** The push hub (SSE streams, long polls, WebSocket subscriptions). */
    public EventHub events() {
        return parts.hub;
    }

    /** The server's mirrors of etcd. */
    public Mirrors mirrors() {
        return parts.mirrors;
    }

    /**
     * The seam every write of this server goes through: add a guard (authorization) or an observer (audit,
     * metrics) here and it applies to config, registry, coordination and raw-key writes alike.
     */
    public WriteSeam writes() {
        return parts.writes;
    }

    /** The configuration center's store. */
    public ConfigStore config() {
        return parts.config;
    }

    /** This server's config history recorder (e.g. to wait in a test until it has recorded a revision). */
    public HistoryRecorder historyRecorder() {
        return parts.recorder;
    }

    /** The service registry's parts (discovery for the streaming endpoints, membership, checks). */
    public RegistryModule registry() {
        return parts.registry;
    }

    /** Leader elections, also for this server's own use ({@link #lead}). */
    public Elections elections() {
        return parts.elections;
    }

    /**
     * This server's own lease among Beacon servers, kept alive (and re-granted after a loss) until the server
     * stops: its registration among the live servers and its campaigns ({@link #lead}) rest on it.
     */
    public LeaseKeeper serverLease() {
        return parts.serverLease;
    }

    /**
     * Makes this server campaign to be the one actor for {@code task} among every Beacon server on the same etcd
     * (e.g. {@code "beacon.history-pruning"}); the listener hears when it starts and stops leading. Close the
     * latch to resign; the server's stop resigns it too (its lease is revoked).
     */
    public LeaderLatch lead(String task, LeaderLatch.Listener listener) {
        return parts.elections.latch(task, url(), parts.serverLease, listener);
    }

    /** The server's meters (Prometheus registry behind {@code /metrics}). */
    public Metrics metrics() {
        return parts.metrics;
    }

    /** The managed etcd, or null when an external cluster is used. */
    public LocalEtcd localEtcd() {
        return parts.localEtcd;
    }

    /**
     * Graceful shutdown, bounded by {@code --shutdown-timeout}: /ready answers 503 at once; the server leaves the live
     * servers (others take over its health checks now, not after its lease TTL); SSE streams end with a resync event,
     * WebSocket connections with a resync message per subscription and close code 1001, held long polls and lock or
     * campaign requests waiting in a queue answer 503 with a hint to retry (on another server); then the requests still
     * in flight may finish. A request still held when the bound has passed is answered 503 by Jetty's stop ({@link JettyErrors}).
     */
    private void drain() {
        if (!parts.drain.start()) {
            return;
        }
        try {
            if (parts.registry != null) {
                parts.registry.membership().close();
            }
            if (parts.hub != null) {
                parts.hub.close();
            }
            if (parts.locks != null) {
                parts.locks.endWaits(); // held like long polls: answered 503 now, not cut by Jetty's stop past the bound
            }
            if (parts.elections != null) {
                parts.elections.endWaits();
            }
            int left = parts.drain.awaitIdle(settings.ops().shutdownTimeout());
            if (left > 0) {
                log.warn("{} request(s) still in flight after --shutdown-timeout {}; stopping anyway", left,
                        dev.beacon.core.Durations.format(settings.ops().shutdownTimeout()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("draining failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("Beacon stopping");
        drain();
        parts.closeAll();
    }
}
