package dev.beacon.server;

import dev.beacon.core.config.ConfigHistory;
import dev.beacon.core.config.ConfigStore;
import dev.beacon.core.config.HistoryRecorder;
import dev.beacon.core.config.PropertySources;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.EtcdSettings;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.kv.KvStore;
import dev.beacon.core.launcher.LocalEtcd;
import dev.beacon.core.watch.Mirrors;
import dev.beacon.server.config.ConfigHandlers;
import dev.beacon.server.http.Json;
import dev.beacon.server.http.Routes;
import dev.beacon.server.kv.KvHandlers;
import dev.beacon.server.kv.SeedHandlers;
import dev.beacon.server.ops.HealthHandlers;
import dev.beacon.server.scc.SccHandlers;
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
    private final HistoryRecorder recorder;
    private final Javalin app;
    private final AtomicBoolean closed = new AtomicBoolean();

    private BeaconServer(ServerSettings settings, LocalEtcd localEtcd, EtcdConnection etcd, Mirrors mirrors,
                         HistoryRecorder recorder, Javalin app) {
        this.settings = settings;
        this.localEtcd = localEtcd;
        this.etcd = etcd;
        this.mirrors = mirrors;
        this.recorder = recorder;
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
        HistoryRecorder recorder = null;
        try {
            etcd = EtcdConnection.open(etcdSettings, settings.etcdCheckInterval());
            KeyLayout keys = new KeyLayout(settings.keyRoot());
            mirrors = new Mirrors(etcd, keys.rootPrefix(), keys.unmirrored(), Mirrors.DEFAULT_RING, Threads.delivery());
            Json json = new Json(settings.maxBodyBytes());
            KvStore kv = new KvStore(etcd);
            ConfigStore configStore = new ConfigStore(etcd, keys, mirrors.root(), settings.config());
            recorder = new HistoryRecorder(etcd, keys, mirrors.feed(keys.configRoot()), settings.config().historyRetention());
            recorder.start();
            Routes.Handlers handlers = new Routes.Handlers(
                    new SeedHandlers(kv, json),
                    new KvHandlers(kv, json),
                    new HealthHandlers(etcd.monitor(), mirrors),
                    new ConfigHandlers(configStore, new ConfigHistory(etcd, keys, configStore), json),
                    new SccHandlers(new PropertySources(configStore)));
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
            BeaconServer server = new BeaconServer(settings, local, etcd, mirrors, recorder, app);
            log.info("Beacon listening on http://{}:{} (etcd {}{}), key root {}", settings.host(), app.port(),
                    String.join(",", etcdSettings.endpoints()), local != null ? ", managed" : "", keys.root());
            return server;
        } catch (RuntimeException e) {
            if (recorder != null) {
                recorder.close();
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

    /** This server's config history recorder (e.g. to wait in a test until it has recorded a revision). */
    public HistoryRecorder historyRecorder() {
        return recorder;
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
        recorder.close();
        mirrors.close();
        etcd.close();
        if (localEtcd != null) {
            localEtcd.close();
        }
    }
}
