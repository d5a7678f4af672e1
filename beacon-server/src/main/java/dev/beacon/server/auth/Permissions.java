package dev.beacon.server.auth;

import dev.beacon.core.auth.Role;
import io.javalin.http.Context;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The permission table: for every route of {@link dev.beacon.server.http.Routes}, by method and route template,
 * the role it needs, the scope family it belongs to and how the target is read from the request. A route missing
 * from the table is admin-only (the safe default); {@code PermissionsTest} asserts that every route is listed.
 * docs/security.md prints the same table.
 */
public final class Permissions {
    /** How a route's targets are read from a request; null = a listing of the whole family. */
    @FunctionalInterface
    interface Targets {
        List<String> of(Context ctx);
    }

    /**
     * One row. {@code open}: no token needed. {@code family} null: only the role counts. {@code stream}: the answer
     * is held open (SSE, long poll) and is closed when its credentials end.
     */
    public record Rule(boolean open, Role role, String family, Targets targets, boolean stream) {
        /** Whether {@code access} may make this request. */
        boolean allows(Access access, Context ctx) {
            if (access.unrestricted()) {
                return true;
            }
            if (family == null) {
                return access.grant().allows(role, null, null);
            }
            List<String> of = targets == null ? null : targets.of(ctx);
            if (of == null) {
                return access.grant().allows(role, family, null);
            }
            for (String target : of) {
                if (target.equals(ADMIN_ONLY) ? !access.grant().role().includes(Role.ADMIN) : !access.grant().allows(role, family, target)) {
                    return false;
                }
            }
            return true;
        }

        /** The target family and role as docs/security.md shows them. */
        public String describe() {
            return open ? "open" : role.wire() + (family == null ? "" : " · " + family);
        }
    }

    /** A target that only an admin may touch (e.g. a raw key under Beacon's auth records). */
    static final String ADMIN_ONLY = "\0admin";
    static final Rule OPEN = new Rule(true, Role.READ, null, null, false);
    static final Rule ADMIN = new Rule(false, Role.ADMIN, null, null, false);
    static final Rule ANY_TOKEN = new Rule(false, Role.READ, null, null, false);

    private final Map<String, Rule> rules = new LinkedHashMap<>();
    private final String authRoot;

    /** @param keyRoot Beacon's key root, whose {@code /auth/} records no raw-key scope reaches */
    public Permissions(String keyRoot) {
        this.authRoot = keyRoot + "/auth/";
        Targets appProfile = ctx -> List.of(ctx.pathParam("app") + "/" + ctx.pathParam("profile"));
        Targets scc = ctx -> Arrays.stream(ctx.pathParam("profile").split(",")).map(p -> ctx.pathParam("application") + "/" + p).toList();
        Targets service = ctx -> List.of(ctx.pathParam("service"));
        Targets name = ctx -> List.of(ctx.pathParam("name"));
        Targets id = ctx -> List.of(ctx.pathParam("id"));
        Targets rawKey = this::rawKey;

        // seed-compatible
        open("GET /ping");
        admin("GET /config", "GET /config/<key>", "POST /set");
        put("POST /v1/registry/register", Role.WRITE, "services", null); // the service is in the body: needs services:* (or no scopes)
        // health and operations
        open("GET /health", "GET /ready");
        rules.put("GET /metrics", ANY_TOKEN);
        admin("GET /api/v1/doctor", "GET /api/v1/backup/snapshot", "GET /api/v1/audit", "GET /api/v1/export", "POST /api/v1/import");
        // auth
        admin("POST /api/v1/auth/tokens", "GET /api/v1/auth/tokens", "DELETE /api/v1/auth/tokens/{id}");
        open("POST /api/v1/auth/login", "POST /api/v1/auth/logout", "GET /api/v1/auth/me");
        // raw keys: admin, or a write/read token with a kv: scope covering the single key
        put("GET /api/v1/kv", Role.READ, "kv", rawKey);
        put("GET /api/v1/kv/<key>", Role.READ, "kv", rawKey);
        put("PUT /api/v1/kv", Role.WRITE, "kv", rawKey);
        put("PUT /api/v1/kv/<key>", Role.WRITE, "kv", rawKey);
        put("DELETE /api/v1/kv", Role.WRITE, "kv", rawKey);
        put("DELETE /api/v1/kv/<key>", Role.WRITE, "kv", rawKey);
        admin("GET /api/v1/leases/{id}");
        // configuration center
        put("GET /api/v1/apps", Role.READ, "config", null);
        put("GET /api/v1/apps/{app}/{profile}/settings", Role.READ, "config", appProfile);
        put("PUT /api/v1/apps/{app}/{profile}/settings", Role.WRITE, "config", appProfile);
        put("GET /api/v1/config/{app}/{profile}", Role.READ, "config", appProfile);
        put("PUT /api/v1/config/{app}/{profile}", Role.WRITE, "config", appProfile);
        put("POST /api/v1/config/{app}/{profile}/import", Role.WRITE, "config", appProfile);
        put("POST /api/v1/config/{app}/{profile}/clients", Role.READ, "config", appProfile); // a reader's delivery report
        put("GET /api/v1/config/{app}/{profile}/clients", Role.READ, "config", appProfile);
        put("DELETE /api/v1/config/{app}/{profile}/clients", Role.WRITE, "config", appProfile);
        put("GET /api/v1/config/{app}/{profile}/<key>/history", Role.READ, "config", appProfile);
        put("POST /api/v1/config/{app}/{profile}/<key>/rollback", Role.WRITE, "config", appProfile);
        put("GET /api/v1/config/{app}/{profile}/<key>", Role.READ, "config", appProfile);
        put("PUT /api/v1/config/{app}/{profile}/<key>", Role.WRITE, "config", appProfile);
        put("DELETE /api/v1/config/{app}/{profile}/<key>", Role.WRITE, "config", appProfile);
        // Spring Cloud Config Server compatibility (Bearer, or Basic with the token as password)
        put("GET /scc/{application}/{profile}", Role.READ, "config", scc);
        put("GET /scc/{application}/{profile}/{label}", Role.READ, "config", scc);
        // service registry
        put("PUT /api/v1/services/{service}/instances/{id}", Role.WRITE, "services", service);
        put("PUT /api/v1/services/{service}/instances/{id}/heartbeat", Role.WRITE, "services", service);
        put("DELETE /api/v1/services/{service}/instances/{id}", Role.WRITE, "services", service);
        put("GET /api/v1/services", Role.READ, "services", null);
        put("GET /api/v1/services/{service}", Role.READ, "services", service);
        put("GET /api/v1/services/{service}/instances/{id}", Role.READ, "services", service);
        put("PUT /api/v1/services/{service}/instances/{id}/status", Role.WRITE, "services", service);
        put("GET /api/v1/services/{service}/instances/{id}/events", Role.READ, "services", service);
        put("GET /api/v1/services/{service}/settings", Role.READ, "services", service);
        put("PUT /api/v1/services/{service}/settings", Role.WRITE, "services", service);
        // events (push): raw prefixes are admin-only; named streams are scoped; each WebSocket subscription is checked
        stream("GET /api/v1/watch", Role.ADMIN, null, null);
        stream("GET /api/v1/watch/config/{app}/{profile}", Role.READ, "config", appProfile);
        stream("GET /api/v1/watch/services/{service}", Role.READ, "services", service);
        stream("GET /api/v1/events", Role.ADMIN, null, null);
        stream("GET /api/v1/events/config/{app}/{profile}", Role.READ, "config", appProfile);
        stream("GET /api/v1/events/services/{service}", Role.READ, "services", service);
        stream("GET /api/v1/events/elections/{name}", Role.READ, "elections", name);
        rules.put("WS /api/v1/ws", ANY_TOKEN);
        // coordination
        put("GET /api/v1/locks", Role.READ, "locks", null);
        put("POST /api/v1/locks/{name}", Role.WRITE, "locks", name);
        put("GET /api/v1/locks/{name}", Role.READ, "locks", name);
        put("PUT /api/v1/locks/{name}/keepalive", Role.WRITE, "locks", name);
        put("DELETE /api/v1/locks/{name}", Role.WRITE, "locks", name);
        put("GET /api/v1/elections", Role.READ, "elections", null);
        put("POST /api/v1/elections/{name}", Role.WRITE, "elections", name);
        put("GET /api/v1/elections/{name}", Role.READ, "elections", name);
        put("PUT /api/v1/elections/{name}/keepalive", Role.WRITE, "elections", name);
        put("DELETE /api/v1/elections/{name}", Role.WRITE, "elections", name);
        put("PUT /api/v1/sessions/{id}", Role.WRITE, "sessions", id);
        put("GET /api/v1/sessions/{id}", Role.READ, "sessions", id);
        put("PUT /api/v1/sessions/{id}/touch", Role.WRITE, "sessions", id);
        put("DELETE /api/v1/sessions/{id}", Role.WRITE, "sessions", id);
        // web console: its static files and entry redirects hold no data (the data comes through the API)
        open("GET /", "GET /ui");
    }

    /** The rule of a route ({@code "GET /api/v1/apps"}); admin-only when the table has no row for it. */
    public Rule rule(String methodAndTemplate) {
        return rules.getOrDefault(methodAndTemplate, ADMIN);
    }

    /** Every row, in table order (docs and tests). */
    public Map<String, Rule> rules() {
        return java.util.Collections.unmodifiableMap(rules);
    }

    /**
     * What a WebSocket subscription needs: {@code config/{app}/{profile}}, {@code services/{name}},
     * {@code elections/{name}} are scoped reads; anything else is a raw prefix, admin-only.
     */
    boolean allowsSubscription(Access access, String subscription) {
        if (access.unrestricted()) {
            return true;
        }
        String[] parts = subscription == null ? new String[0] : subscription.split("/", -1);
        if (parts.length == 3 && parts[0].equals("config")) {
            return access.grant().allows(Role.READ, "config", parts[1] + "/" + parts[2]);
        }
        if (parts.length == 2 && (parts[0].equals("services") || parts[0].equals("elections"))) {
            return access.grant().allows(Role.READ, parts[0], parts[1]);
        }
        return access.grant().role().includes(Role.ADMIN);
    }

    private List<String> rawKey(Context ctx) {
        String fromPath = ctx.pathParamMap().get("key");
        String key = fromPath != null && !fromPath.isEmpty() ? fromPath : ctx.queryParam("key");
        if (key == null || "true".equals(ctx.queryParam("prefix")) || key.startsWith(authRoot) || authRoot.startsWith(key)) {
            return List.of(ADMIN_ONLY); // prefix reads and deletes, and Beacon's auth records, are admin-only
        }
        return List.of(key);
    }

    private void open(String... routes) {
        for (String r : routes) {
            rules.put(r, OPEN);
        }
    }

    private void admin(String... routes) {
        for (String r : routes) {
            rules.put(r, ADMIN);
        }
    }

    private void put(String route, Role role, String family, Targets targets) {
        rules.put(route, new Rule(false, role, family, targets, false));
    }

    private void stream(String route, Role role, String family, Targets targets) {
        rules.put(route, new Rule(false, role, family, targets, true));
    }
}
