package dev.beacon.server.auth;

import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import dev.beacon.core.Principal;
import dev.beacon.core.auth.ConsoleSessions;
import dev.beacon.core.auth.Grant;
import dev.beacon.core.auth.Secrets;
import dev.beacon.core.auth.TokenRecord;
import dev.beacon.core.auth.Tokens;
import dev.beacon.server.events.WsGuard;
import dev.beacon.server.http.Connections;
import dev.beacon.server.http.Principals;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.javalin.websocket.WsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The pipeline's auth step, run before every matched route (and before the WebSocket upgrade): authenticate the
 * request (a Bearer token; on {@code /scc} also HTTP Basic with the token as password; or the console's session
 * cookie), check the CSRF header on cookie-authenticated writes, set the {@link Principal} writes are recorded
 * under, and check the route's row of the {@link Permissions} table. Refusals: 401 {@code UNAUTHORIZED} with
 * {@code WWW-Authenticate}, 403 {@code FORBIDDEN}, 429 {@code LIMIT_EXCEEDED} with {@code Retry-After} for an
 * address that failed too often. With auth off it does nothing.
 *
 * <p>Nothing secret is logged: failures are logged with the address, method and path only.
 */
public final class AuthGate implements WsGuard, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuthGate.class);
    public static final String COOKIE = "beacon_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CHALLENGE = "Bearer realm=\"beacon\"";
    private static final String HELD = "beacon.auth.held";

    private final AuthSettings settings;
    private final Tokens tokens;
    private final ConsoleSessions sessions;
    private final Permissions permissions;
    private final FailureLimiter limiter;
    private final StreamGuard streams;
    private final String adminSessionMark;

    public AuthGate(AuthSettings settings, Tokens tokens, ConsoleSessions sessions, Permissions permissions,
                    ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.tokens = tokens;
        this.sessions = sessions;
        this.permissions = permissions;
        this.limiter = new FailureLimiter(settings.failureLimit(), settings.failureWindow());
        this.streams = new StreamGuard(tokens, sessions, scheduler);
        this.adminSessionMark = settings.enabled() ? "admin-" + Secrets.derive("beacon-admin", settings.adminToken()).substring(0, 16) : null;
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** Before every matched HTTP route. */
    public void check(Context ctx) {
        if (!enabled()) {
            return;
        }
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        if (matched == null) {
            return; // static files of the console, unknown paths (answered 404)
        }
        Permissions.Rule rule = permissions.rule(ctx.method().name() + " " + matched.path);
        if (rule.open()) {
            return;
        }
        Access access = authenticate(ctx, matched.path.startsWith("/scc/"));
        requireCsrf(ctx, access);
        admit(ctx, access);
        if (!rule.allows(access, ctx)) {
            throw forbidden(access, ctx.method().name() + " " + ctx.path());
        }
        if (rule.stream()) {
            ctx.attribute(HELD, streams.hold(access, () -> Connections.abort(ctx, "the stream's token was revoked or expired")));
        }
    }

    /** Before the WebSocket upgrade of {@code /api/v1/ws}: any valid credentials; each subscription is checked later. */
    public void checkUpgrade(Context ctx) {
        if (!enabled()) {
            return;
        }
        Access access = authenticate(ctx, false);
        if (access.viaCookie() && !sameOrigin(ctx)) {
            throw new BeaconException(ErrorCode.FORBIDDEN, "a cookie-authenticated WebSocket must come from this server's own pages",
                    "connect from the console, or send Authorization: Bearer <token>");
        }
        admit(ctx, access);
    }

    /** After every request (the access-log step): a stream that ended needs no more watching. */
    public void finished(Context ctx) {
        StreamGuard.Held h = ctx.attribute(HELD);
        if (h != null) {
            h.release();
        }
    }

    @Override
    public void opened(WsContext ws) {
        Access access = ws.attribute(Access.ATTRIBUTE);
        if (access != null) {
            ws.attribute(HELD, streams.hold(access, () -> ws.closeSession(4401, "token revoked or expired")));
        }
    }

    @Override
    public void subscribing(WsContext ws, String subscription) {
        if (!enabled()) {
            return;
        }
        Access access = ws.attribute(Access.ATTRIBUTE);
        if (access == null || !permissions.allowsSubscription(access, subscription)) {
            throw new BeaconException(ErrorCode.FORBIDDEN, "this token may not subscribe to '" + subscription + "'",
                    "ask for a token whose scopes cover it; raw prefixes need an admin token");
        }
    }

    @Override
    public void closed(WsContext ws) {
        StreamGuard.Held h = ws.attribute(HELD);
        if (h != null) {
            h.release();
        }
    }

    /** How many open streams are watched for their credentials (tests, metrics). */
    public int streamsWatched() {
        return streams.size();
    }

    /**
     * The request's credentials, verified; sets nothing. @throws BeaconException 401 without valid credentials,
     * 429 for an address over the failure limit
     */
    public Access authenticate(Context ctx, boolean basicAllowed) {
        String header = ctx.header("Authorization");
        String cookie = header == null ? ctx.cookie(COOKIE) : null;
        if (header == null && (cookie == null || cookie.isEmpty())) {
            throw unauthorized(ctx, "this endpoint needs a token: send Authorization: Bearer <token>");
        }
        String address = ctx.ip();
        refuseIfBlocked(ctx, address);
        Access access;
        String reason;
        if (header != null) {
            String token = presented(header, basicAllowed);
            access = token == null ? null : verifyToken(token, address);
            reason = token == null ? (basicAllowed ? "malformed Authorization header: send Bearer <token>, or Basic with the token as password"
                    : "malformed Authorization header: send Bearer <token>")
                    : Tokens.wellFormed(token) || token.length() >= AuthSettings.MIN_ADMIN_TOKEN ? "unknown, revoked or expired token"
                    : "malformed token";
        } else {
            access = verifySession(cookie, address);
            reason = "the console session ended (logged out, expired, or its token was revoked); log in again";
        }
        if (access == null) {
            limiter.failed(address);
            log.info("authentication failed from {} on {} {}: {}", address, ctx.method(), ctx.path(), reason);
            throw unauthorized(ctx, reason);
        }
        return access;
    }

    /** A console login's credentials: who, the token id the session stands on, and when that token expires. */
    public record LoginAccess(Access access, String boundTokenId, Long expiresAt) {
    }

    /** Verifies a token presented to log in, under the same failure limit. @throws BeaconException 401, 429 */
    public LoginAccess login(Context ctx, String token) {
        String address = ctx.ip();
        refuseIfBlocked(ctx, address);
        if (Secrets.same(token, settings.adminToken())) {
            return new LoginAccess(adminAccess(address), adminSessionMark, null);
        }
        Tokens.Verified v = tokens.verify(token);
        if (v == null) {
            limiter.failed(address);
            log.info("login failed from {}: unknown, revoked or expired token", address);
            throw unauthorized(ctx, "unknown, revoked or expired token");
        }
        return new LoginAccess(tokenAccess(v, address), v.record().id(), v.record().expiresAt());
    }

    private void refuseIfBlocked(Context ctx, String address) {
        long wait = limiter.blockedFor(address);
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
            throw new BeaconException(ErrorCode.LIMIT_EXCEEDED, "too many failed authentications from " + address
                    + "; try again in " + wait + "s", "check the token you send; every failure counts");
        }
    }

    /** Verifies an API token or the configured admin token; null when it is neither. */
    Access verifyToken(String token, String address) {
        if (Secrets.same(token, settings.adminToken())) {
            return adminAccess(address);
        }
        Tokens.Verified v = tokens.verify(token);
        return v == null ? null : tokenAccess(v, address);
    }

    private static Access adminAccess(String address) {
        return new Access(new Principal("admin", null, address), Grant.ADMIN, null, 0, null, null);
    }

    private static Access tokenAccess(Tokens.Verified v, String address) {
        TokenRecord r = v.record();
        return new Access(new Principal(r.displayName(), r.id(), address), r.grant(), r.id(), v.modRevision(), null, null);
    }

    private Access verifySession(String cookie, String address) {
        ConsoleSessions.SessionRecord s = sessions.verify(cookie);
        if (s == null) {
            return null;
        }
        String csrf = ConsoleSessions.csrf(cookie);
        if (adminSessionMark != null && adminSessionMark.equals(s.tokenId())) {
            return new Access(new Principal("admin", null, address), Grant.ADMIN, null, 0, s.id(), csrf);
        }
        TokenRecord r = s.tokenId() == null || s.tokenId().startsWith("admin-") ? null : sessions.token(s);
        if (r == null) {
            return null;
        }
        return new Access(new Principal(r.displayName(), r.id(), address), r.grant(), r.id(), 0, s.id(), csrf);
    }

    private static String presented(String header, boolean basicAllowed) {
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        if (basicAllowed && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 || colon == pair.length() - 1 ? null : pair.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private void requireCsrf(Context ctx, Access access) {
        String method = ctx.method().name();
        if (!access.viaCookie() || method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return;
        }
        String sent = ctx.header(CSRF_HEADER);
        if (sent == null || !Secrets.same(sent, access.csrf())) {
            throw new BeaconException(ErrorCode.FORBIDDEN, "a write with the console's session cookie needs the " + CSRF_HEADER
                    + " header it got at login", "log in again, or send Authorization: Bearer <token> instead of the cookie");
        }
    }

    private static void admit(Context ctx, Access access) {
        ctx.attribute(Access.ATTRIBUTE, access);
        Principals.set(ctx, access.principal());
    }

    private static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        String host = ctx.header("Host");
        return origin == null || (host != null && (origin.equals("http://" + host) || origin.equals("https://" + host)));
    }

    private static BeaconException unauthorized(Context ctx, String message) {
        ctx.header("WWW-Authenticate", CHALLENGE);
        return new BeaconException(ErrorCode.UNAUTHORIZED, message, "see docs/security.md: tokens come from an admin (POST /api/v1/auth/tokens)");
    }

    static BeaconException forbidden(Access access, String what) {
        return new BeaconException(ErrorCode.FORBIDDEN, access.principal().name() + " (" + access.grant().role().wire()
                + (access.grant().scopes().isEmpty() ? "" : " " + access.grant().scopeTexts()) + ") may not " + what,
                "ask an admin for a token whose role and scopes cover it");
    }

    @Override
    public void close() {
        streams.close();
    }
}
