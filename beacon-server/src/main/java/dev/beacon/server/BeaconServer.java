package dev.beacon.server;

import dev.beacon.core.coord.Elections;
import dev.beacon.core.coord.LeaderLatch;
import dev.beacon.core.coord.Locks;
import dev.beacon.core.coord.Sessions;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.LeaseKeeper;
import dev.beacon.core.etcd.EtcdSettings;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.kv.KvStore;
import dev.beacon.core.launcher.LocalEtcd;
import dev.beacon.core.watch.Mirrors;
import dev.beacon.server.coord.ElectionHandlers;
import dev.beacon.server.coord.LockHandlers;
import dev.beacon.server.coord.SessionHandlers;
import dev.beacon.server.http.Json;
import dev.beacon.server.http.Routes;
import dev.beacon.server.kv.KvHandlers;
import dev.beacon.server.kv.SeedHandlers;
import dev.beacon.server.ops.HealthHandlers;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The composition root: starts the managed etcd (unless an external one is configured), the etcd
 * connection, the mirrors, the stores and the HTTP server; {@link #close()} stops them in reverse
 * order and is idempotent. Start-up does not wait for an external etcd: the server comes up and
 * reports not-ready until etcd answers.
 */
public final class BeaconServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BeaconServer.class);

    private final ServerSettings settings;
    private final LocalEtcd localEtcd;
    private final EtcdConnection etcd;
    private final Mirrors mirrors;
    private final Coordination coordination;
    private final Javalin app;
    private final AtomicBoolean closed = new AtomicBoolean();
    private LeaseKeeper serverLease;

    /** The coordination room's stores, closed with the server. */
    private record Coordination(Locks locks, Elections elections, Sessions sessions) {
        void close() {
            locks.close();
            elections.close();
        }
    }

    private BeaconServer(ServerSettings settings, LocalEtcd localEtcd, EtcdConnection etcd, Mirrors mirrors,
                         Coordination coordination, Javalin app) {
        this.settings = settings;
        this.localEtcd = localEtcd;
        this.etcd = etcd;
        this.mirrors = mirrors;
        this.coordination = coordination;
        this.app = app;
    }

    /**
     * @throws IllegalStateException when the managed etcd cannot be started or the port cannot be bound
     */
    public static BeaconServer start(ServerSettings settings) {
        LocalEtcd local = null;
        EtcdSettings etcdSettings = settings.etcd();
        if (etcdSettings == null) {
            local = LocalEtcd.start(settings.dataDir().resolve("").toAbsolutePath(), Duration.ofSeconds(30));
            EtcdSettings t = settings.etcdTemplate();
            etcdSettings = new EtcdSettings(List.of(local.clientUrl()), t.connectTimeout(), t.requestTimeout(),
                    null, null, null, null, null);
        }
        EtcdConnection etcd = null;
        Mirrors mirrors = null;
        Coordination coordination = null;
        try {
            etcd = EtcdConnection.open(etcdSettings, settings.etcdCheckInterval());
            KeyLayout keys = new KeyLayout(settings.keyRoot());
            mirrors = new Mirrors(etcd, keys.rootPrefix(), keys.unmirrored(), Mirrors.DEFAULT_RING, Threads.delivery());
            Json json = new Json(settings.maxBodyBytes());
            KvStore kv = new KvStore(etcd);
            coordination = new Coordination(new Locks(etcd, mirrors.root(), keys), new Elections(etcd, mirrors.root(), keys),
                    new Sessions(etcd, mirrors.root(), keys, settings.sessionMaxBytes()));
            Routes.Handlers handlers = new Routes.Handlers(
                    new SeedHandlers(kv, json),
                    new KvHandlers(kv, json),
                    new HealthHandlers(etcd.monitor(), mirrors),
                    new LockHandlers(coordination.locks(), json),
                    new ElectionHandlers(coordination.elections(), json),
                    new SessionHandlers(coordination.sessions(), json));
            Javalin app = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.router.ignoreTrailingSlashes = false; // a trailing slash is part of an etcd key
                config.startup.showOldJavalinVersionWarning = false;
                config.concurrency.useVirtualThreads = Runtime.version().feature() >= 21;
                config.http.maxRequestSize = settings.maxBodyBytes();
                config.jsonMapper(json);
                config.jetty.host = settings.host();
                config.jetty.port = settings.port();
                Routes.install(config, handlers);
            });
            app.start();
            BeaconServer server = new BeaconServer(settings, local, etcd, mirrors, coordination, app);
            log.info("Beacon listening on http://{}:{} (etcd {}{}), key root {}", settings.host(), app.port(),
                    String.join(",", etcdSettings.endpoints()), local != null ? ", managed" : "", keys.root());
            return server;
        } catch (RuntimeException e) {
            if (coordination != null) {
                coordination.close();
            }
            if (mirrors != null) {
                mirrors.close();
            }
            if (etcd != null) {
                etcd.close();
            }
            if (local != null) {
                local.close();
            }
            throw e instanceof IllegalStateException ? e : new IllegalStateException(e.getMessage(), e);
        }
    }

    public int port() {
        return app.port();
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        return "http://" + settings.host() + ":" + port();
    }

    public EtcdConnection etcd() {
        return etcd;
    }

    /** Leader elections, also for this server's own use ({@link #lead}). */
    public Elections elections() {
        return coordination.elections();
    }

    /**
     * This server's own lease among Beacon servers, kept alive (and re-granted after a loss) until the server
     * stops; created on first use. Work that needs one actor among all servers campaigns on it ({@link #lead}).
     */
    public synchronized LeaseKeeper serverLease() {
        if (serverLease == null) {
            serverLease = LeaseKeeper.start(etcd, "beacon-server " + url(), Duration.ofSeconds(10));
        }
        return serverLease;
    }

    /**
     * Makes this server campaign to be the one actor for {@code task} among every Beacon server on the same etcd
     * (e.g. {@code "beacon.health-checks"}, {@code "beacon.history-pruning"}); the listener hears when it starts
     * and stops leading. Close the latch to resign; the server's stop resigns it too (its lease is revoked).
     */
    public LeaderLatch lead(String task, LeaderLatch.Listener listener) {
        return coordination.elections().latch(task, url(), serverLease(), listener);
    }

    /** The managed etcd, or null when an external cluster is used. */
    public LocalEtcd localEtcd() {
        return localEtcd;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("Beacon stopping");
        app.stop();
        coordination.close();
        synchronized (this) {
            if (serverLease != null) {
                serverLease.close();
            }
        }
        mirrors.close();
        etcd.close();
        if (localEtcd != null) {
            localEtcd.close();
        }
    }
}
