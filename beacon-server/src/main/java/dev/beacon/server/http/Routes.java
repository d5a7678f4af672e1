package dev.beacon.server.http;

import dev.beacon.core.BeaconException;
import dev.beacon.server.auth.AuthHandlers;
import dev.beacon.server.audit.AuditHandlers;
import dev.beacon.server.config.ConfigClientHandlers;
import dev.beacon.server.config.ConfigHandlers;
import dev.beacon.server.console.ConsoleHandlers;
import dev.beacon.server.coord.ElectionHandlers;
import dev.beacon.server.coord.LockHandlers;
import dev.beacon.server.coord.SessionHandlers;
import dev.beacon.server.events.EventHandlers;
import dev.beacon.server.kv.KvHandlers;
import dev.beacon.server.kv.SeedHandlers;
import dev.beacon.server.ops.HealthHandlers;
import dev.beacon.server.ops.OpsHandlers;
import dev.beacon.server.registry.RegistryHandlers;
import dev.beacon.server.scc.SccHandlers;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;

/**
 * The whole route table, in the order of docs/api.md. The pipeline around every handler:
 * request id and trace context → UTF-8 → auth (token or session cookie, CSRF, the route's row of
 * {@link dev.beacon.server.auth.Permissions}) → handler (validates, one call into core, maps the result) → error mapping →
 * revision header (set by the handler) → charset declared → access log and request metrics (by route template).
 */
public final class Routes {
    private Routes() {
    }

    /** The handlers of every feature, built by the composition root. */
    public record Handlers(SeedHandlers seed, KvHandlers kv, HealthHandlers health, ConfigHandlers config, SccHandlers scc,
                           RegistryHandlers registry, LockHandlers locks, ElectionHandlers elections,
                           SessionHandlers sessions, EventHandlers events,
                           ConsoleHandlers console, ConfigClientHandlers configClients, OpsHandlers ops,
                           AuthHandlers auth, AuditHandlers audit) {
    }

    public static void install(JavalinConfig config, Handlers h) {
        var r = config.routes;
        r.before(RequestIds::assign);
        r.before(Answers::inUtf8);
        r.before(h.ops().drain()::enter);
        r.beforeMatched(h.auth().gate()::check);
        r.wsBeforeUpgrade("/api/v1/ws", h.auth().gate()::checkUpgrade);
        r.after(RequestIds::clear);

        // seed-compatible
        r.get("/ping", h.seed()::ping);
        r.get("/config", h.seed()::getConfig);
        r.get("/config/<key>", h.seed()::getConfig);
        r.post("/set", h.seed()::set);
        r.post("/v1/registry/register", h.registry()::seedRegister);

        // health and operations
        r.get("/health", h.health()::health);
        r.get("/ready", h.health()::ready);
        r.get("/metrics", h.ops().metrics()::scrape);
        r.get("/api/v1/doctor", h.ops().doctor()::doctor);
        r.get("/api/v1/backup/snapshot", h.ops().backup()::snapshot);
        r.get("/api/v1/export", h.ops().transfer()::export);
        r.post("/api/v1/import", h.ops().transfer()::importDocument);

        // auth: tokens (admin), console sessions, who am I
        r.post("/api/v1/auth/tokens", h.auth()::create);
        r.get("/api/v1/auth/tokens", h.auth()::list);
        r.delete("/api/v1/auth/tokens/{id}", h.auth()::revoke);
        r.post("/api/v1/auth/login", h.auth()::login);
        r.post("/api/v1/auth/logout", h.auth()::logout);
        r.get("/api/v1/auth/me", h.auth()::me);

        // raw keys
        r.get("/api/v1/kv", h.kv()::get);
        r.get("/api/v1/kv/<key>", h.kv()::get);
        r.put("/api/v1/kv", h.kv()::put);
        r.put("/api/v1/kv/<key>", h.kv()::put);
        r.delete("/api/v1/kv", h.kv()::delete);
        r.delete("/api/v1/kv/<key>", h.kv()::delete);
        r.get("/api/v1/leases/{id}", h.kv()::lease);

        // configuration center (an item's key may contain '/': its sub-resources are matched first)
        r.get("/api/v1/apps", h.config()::apps);
        r.get("/api/v1/apps/{app}/{profile}/settings", h.config()::settings);
        r.put("/api/v1/apps/{app}/{profile}/settings", h.config()::putSettings);
        r.get("/api/v1/config/{app}/{profile}", h.config()::list);
        r.put("/api/v1/config/{app}/{profile}", h.config()::putAll);
        r.post("/api/v1/config/{app}/{profile}/import", h.config()::importDocument);
        r.post("/api/v1/config/{app}/{profile}/clients", h.configClients()::report);
        r.get("/api/v1/config/{app}/{profile}/clients", h.configClients()::list);
        r.delete("/api/v1/config/{app}/{profile}/clients", h.configClients()::remove);
        r.get("/api/v1/config/{app}/{profile}/<key>/history", h.config()::history);
        r.post("/api/v1/config/{app}/{profile}/<key>/rollback", h.config()::rollback);
        r.get("/api/v1/config/{app}/{profile}/<key>", h.config()::get);
        r.put("/api/v1/config/{app}/{profile}/<key>", h.config()::put);
        r.delete("/api/v1/config/{app}/{profile}/<key>", h.config()::delete);

        // Spring Cloud Config Server compatibility
        r.get("/scc/{application}/{profile}", h.scc()::environment);
        r.get("/scc/{application}/{profile}/{label}", h.scc()::environment);

        // service registry
        r.put("/api/v1/services/{service}/instances/{id}", h.registry()::register);
        r.put("/api/v1/services/{service}/instances/{id}/heartbeat", h.registry()::heartbeat);
        r.delete("/api/v1/services/{service}/instances/{id}", h.registry()::deregister);
        r.get("/api/v1/services", h.registry()::services);
        r.get("/api/v1/services/{service}", h.registry()::service);
        r.get("/api/v1/services/{service}/instances/{id}", h.registry()::instance);
        r.put("/api/v1/services/{service}/instances/{id}/status", h.registry()::setStatus);
        r.get("/api/v1/services/{service}/instances/{id}/events", h.registry()::events);
        r.get("/api/v1/services/{service}/settings", h.registry()::getSettings);
        r.put("/api/v1/services/{service}/settings", h.registry()::putSettings);

        // events (push)
        r.get("/api/v1/watch", h.events()::rawPoll);
        r.get("/api/v1/watch/config/{app}/{profile}", h.events().poll("config", "app", "profile"));
        r.get("/api/v1/watch/services/{service}", h.events().poll("services", "service"));
        r.get("/api/v1/events", h.events()::rawEvents);
        r.get("/api/v1/events/config/{app}/{profile}", h.events().events("config", "app", "profile"));
        r.get("/api/v1/events/services/{service}", h.events().events("services", "service"));
        r.get("/api/v1/events/elections/{name}", h.events().events("elections", "name"));
        r.ws("/api/v1/ws", h.events()::webSocket);

        // coordination: locks, elections, sessions
        r.get("/api/v1/locks", h.locks()::list);
        r.post("/api/v1/locks/{name}", h.locks()::acquire);
        r.get("/api/v1/locks/{name}", h.locks()::holder);
        r.put("/api/v1/locks/{name}/keepalive", h.locks()::keepAlive);
        r.delete("/api/v1/locks/{name}", h.locks()::release);
        r.get("/api/v1/elections", h.elections()::list);
        r.post("/api/v1/elections/{name}", h.elections()::campaign);
        r.get("/api/v1/elections/{name}", h.elections()::leader);
        r.put("/api/v1/elections/{name}/keepalive", h.elections()::keepAlive);
        r.delete("/api/v1/elections/{name}", h.elections()::resign);
        r.put("/api/v1/sessions/{id}", h.sessions()::put);
        r.get("/api/v1/sessions/{id}", h.sessions()::get);
        r.put("/api/v1/sessions/{id}/touch", h.sessions()::touch);
        r.delete("/api/v1/sessions/{id}", h.sessions()::delete);

        // audit trail (admin once auth is on)
        r.get("/api/v1/audit", h.audit()::list);

        // web console: static files under /ui/ (BeaconServer); a /ui/ path that is no file is a deep link into the console
        r.get("/", h.console()::toConsole);
        r.get("/ui", h.console()::toConsole);
        config.spaRoot.addHandler(ConsoleHandlers.HOSTED, h.console()::page);

        // errors: one JSON shape for all
        r.exception(BeaconException.class, ErrorMapper::handle);
        r.exception(HttpResponseException.class, ErrorMapper::handle);
        r.exception(Exception.class, ErrorMapper::handleUnexpected);
        r.error(404, ErrorMapper::noRoute);
        r.error(405, ErrorMapper::noRoute);
        r.after(Answers::declareUtf8);
        config.requestLogger.http((ctx, millis) -> {
            RequestIds.log(ctx, millis);
            h.ops().metrics().record(ctx, millis);
            h.ops().drain().exit(ctx);
            h.auth().gate().finished(ctx);
        });
    }
}
