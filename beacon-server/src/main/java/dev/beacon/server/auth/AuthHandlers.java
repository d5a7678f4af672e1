package dev.beacon.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.core.BeaconException;
import dev.beacon.core.Durations;
import dev.beacon.core.auth.ConsoleSessions;
import dev.beacon.core.auth.Grant;
import dev.beacon.core.auth.Role;
import dev.beacon.core.auth.Scope;
import dev.beacon.core.auth.Tokens;
import dev.beacon.server.http.Answers;
import dev.beacon.server.http.Json;
import dev.beacon.server.http.Principals;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/auth/...}: tokens (create, list, revoke; admin), console login/logout (an HttpOnly SameSite=Strict
 * session cookie and a CSRF token), and {@code me} (who the caller is, and whether auth is on).
 */
public final class AuthHandlers {
    private final AuthGate gate;
    private final AuthSettings settings;
    private final Tokens tokens;
    private final ConsoleSessions sessions;
    private final Json json;
    private final boolean openBeyondLoopback;

    public AuthHandlers(AuthGate gate, AuthSettings settings, Tokens tokens, ConsoleSessions sessions, Json json, boolean openBeyondLoopback) {
        this.gate = gate;
        this.settings = settings;
        this.tokens = tokens;
        this.sessions = sessions;
        this.json = json;
        this.openBeyondLoopback = openBeyondLoopback;
    }

    public AuthGate gate() {
        return gate;
    }

    /** {@code POST /api/v1/auth/tokens} {@code {"role","scopes"?,"ttl"?,"description"?}} → {@code {"id","token",...}}, the token shown once. */
    public void create(Context ctx) {
        requireEnabled();
        JsonNode body = json.body(ctx, JsonNode.class);
        if (body == null || !body.isObject()) {
            throw BeaconException.badRequest("send {\"role\": \"admin|write|read\", \"scopes\"?: [\"config:app/*\"], \"ttl\"?: \"720h\", \"description\"?: \"...\"}");
        }
        Role role = Role.parse(body.path("role").isTextual() ? body.path("role").asText() : null);
        List<Scope> scopes = new ArrayList<>();
        JsonNode s = body.has("scopes") ? body.get("scopes") : body.get("scope");
        if (s != null && !s.isNull()) {
            if (s.isTextual()) {
                scopes.add(Scope.parse(s.asText()));
            } else if (s.isArray()) {
                for (JsonNode one : s) {
                    if (!one.isTextual()) {
                        throw BeaconException.badRequest("scopes must be strings like config:orders/*, got " + one);
                    }
                    scopes.add(Scope.parse(one.asText()));
                }
            } else {
                throw BeaconException.badRequest("scopes must be a list of strings like [\"config:orders/*\"]");
            }
        }
        Duration ttl = ttl(body.get("ttl"));
        JsonNode d = body.get("description");
        if (d != null && !d.isNull() && !d.isTextual()) {
            throw BeaconException.badRequest("description must be a string");
        }
        Tokens.Issued issued = tokens.create(Principals.of(ctx), new Grant(role, scopes), ttl, d == null || d.isNull() ? null : d.asText());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", issued.id());
        answer.put("token", issued.token());
        answer.put("role", issued.record().role());
        answer.put("scopes", issued.record().scopes());
        answer.put("description", issued.record().description());
        answer.put("expiresAt", issued.record().expiresAt());
        ctx.header("Cache-Control", "no-store");
        Answers.written(ctx, issued.revision(), answer);
    }

    /** {@code GET /api/v1/auth/tokens}: every token, without secrets. */
    public void list(Context ctx) {
        requireEnabled();
        Answers.read(ctx, tokens.list().map(l -> Map.of("tokens", l)));
    }

    /** {@code DELETE /api/v1/auth/tokens/{id}}: revokes it on every server (their mirrors see the deletion). */
    public void revoke(Context ctx) {
        requireEnabled();
        String id = ctx.pathParam("id");
        if (!id.matches("[0-9a-f]{16}")) {
            throw BeaconException.badRequest("a token id is 16 hex digits, got '" + id + "'");
        }
        Answers.written(ctx, tokens.revoke(Principals.of(ctx), id), Map.of("revoked", id));
    }

    /** {@code POST /api/v1/auth/login} {@code {"token"}}: a console session cookie and its CSRF token. */
    public void login(Context ctx) {
        requireEnabled();
        JsonNode body = json.body(ctx, JsonNode.class);
        String token = body != null && body.path("token").isTextual() ? body.path("token").asText() : null;
        if (token == null || token.isBlank()) {
            throw BeaconException.badRequest("send {\"token\": \"<token>\"}");
        }
        AuthGate.LoginAccess who = gate.login(ctx, token);
        Access access = who.access();
        ConsoleSessions.Login login = sessions.create(access.principal(), who.boundTokenId(), who.expiresAt(), settings.sessionTtl());
        setCookie(ctx, login.cookie(), Math.max(1, (login.record().expiresAt() - System.currentTimeMillis()) / 1000));
        ctx.header("Cache-Control", "no-store");
        ctx.json(me(access, login.csrf()));
    }

    /** {@code POST /api/v1/auth/logout}: ends the console session (if any) and clears its cookie. */
    public void logout(Context ctx) {
        String cookie = ctx.cookie(AuthGate.COOKIE);
        if (enabled() && cookie != null && !cookie.isEmpty()) {
            var s = sessions.verify(cookie);
            if (s != null) {
                sessions.delete(new dev.beacon.core.Principal("console session", null, ctx.ip()), cookie);
            }
        }
        setCookie(ctx, "", 0);
        ctx.json(Map.of("status", "logged out"));
    }

    /**
     * {@code GET /api/v1/auth/me}: {@code {"auth":"off","insecure"}} with auth off; {@code {"auth":"on","signedIn":false}}
     * without credentials; else who the credentials belong to (401 for invalid ones), with the session's CSRF token.
     */
    public void me(Context ctx) {
        if (!enabled()) {
            Map<String, Object> off = new LinkedHashMap<>();
            off.put("auth", "off");
            off.put("insecure", openBeyondLoopback);
            ctx.json(off);
            return;
        }
        String cookie = ctx.cookie(AuthGate.COOKIE);
        if (ctx.header("Authorization") == null && (cookie == null || cookie.isEmpty())) {
            ctx.json(Map.of("auth", "on", "signedIn", false)); // the console asks before anyone signed in: not a failure
            return;
        }
        Access access = gate.authenticate(ctx, false);
        ctx.header("Cache-Control", "no-store");
        ctx.json(me(access, access.csrf()));
    }

    private Map<String, Object> me(Access access, String csrf) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("auth", "on");
        m.put("signedIn", true);
        m.put("name", access.principal().name());
        m.put("tokenId", access.tokenId());
        m.put("role", access.grant().role().wire());
        m.put("scopes", access.grant().scopeTexts());
        if (csrf != null) {
            m.put("csrf", csrf);
        }
        return m;
    }

    /** The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it), Secure under HTTPS. */
    private static void setCookie(Context ctx, String value, long maxAgeSeconds) {
        ctx.res().addHeader("Set-Cookie", AuthGate.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Strict" + ("https".equals(ctx.scheme()) ? "; Secure" : ""));
    }

    private boolean enabled() {
        return settings.enabled();
    }

    private void requireEnabled() {
        if (!enabled()) {
            throw BeaconException.badRequest("auth is off on this server: configure an admin token (BEACON_ADMIN_TOKEN or "
                    + "--admin-token-file) to use tokens and logins; see docs/security.md");
        }
    }

    private static Duration ttl(JsonNode ttl) {
        if (ttl == null || ttl.isNull()) {
            return null;
        }
        if (ttl.canConvertToExactIntegral()) {
            if (ttl.asLong() < 1) {
                throw BeaconException.badRequest("ttl must be at least 1 second, got " + ttl.asLong());
            }
            return Duration.ofSeconds(ttl.asLong());
        }
        if (ttl.isTextual()) {
            return Durations.parse("ttl", ttl.asText());
        }
        throw BeaconException.badRequest("ttl must be seconds or a duration like \"720h\", got " + ttl);
    }
}
