package dev.beacon.core.auth;

import dev.beacon.core.Principal;
import dev.beacon.core.StoredJson;
import dev.beacon.core.WriteSeam;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.Leases;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.watch.PrefixMirror;
import io.etcd.jetcd.options.PutOption;

import java.time.Duration;

import static dev.beacon.core.etcd.Bytes.of;
import static dev.beacon.core.etcd.Bytes.str;

/**
 * Console sessions: a login with a token makes a session {@code bks_<id>_<secret>} (the cookie's value), stored
 * under {@code {root}/auth/sessions/{id}} as the token's id and a hash of the secret, on an etcd lease of the
 * session's ttl, so it is valid on every server and ends by itself. A session stands only while its token does.
 * The CSRF token of a session is derived one way from its secret ({@link #csrf}), so nothing more is stored.
 *
 * <p>Writes go through the {@link WriteSeam} as {@code auth.login} / {@code auth.logout}; every method blocks at
 * most the request timeout.
 */
public final class ConsoleSessions {
    static final String PREFIX = "bks";

    /** A stored session. */
    public record SessionRecord(String id, String tokenId, long createdAt, long expiresAt, String hash) {
    }

    /** A new session: the cookie value (secret, shown once) and its CSRF token. */
    public record Login(String cookie, String csrf, SessionRecord record) {
    }

    private final EtcdConnection etcd;
    private final PrefixMirror mirror;
    private final KeyLayout keys;
    private final WriteSeam seam;
    private final Tokens tokens;
    private final Leases leases;

    public ConsoleSessions(EtcdConnection etcd, PrefixMirror mirror, KeyLayout keys, WriteSeam seam, Tokens tokens) {
        this.etcd = etcd;
        this.mirror = mirror;
        this.keys = keys;
        this.seam = seam;
        this.tokens = tokens;
        this.leases = new Leases(etcd);
    }

    /**
     * Logs {@code who} in with a verified token; the session lasts {@code ttl}, or until the token expires if sooner.
     *
     * @param tokenId        the token the session stands on (or a mark of the configured admin token)
     * @param tokenExpiresAt when that token expires (epoch ms), or null
     */
    public Login create(Principal who, String tokenId, Long tokenExpiresAt, Duration ttl) {
        long now = System.currentTimeMillis();
        long until = now + ttl.toMillis();
        if (tokenExpiresAt != null) {
            until = Math.min(until, tokenExpiresAt);
        }
        String id = Secrets.id();
        String secret = Secrets.secret();
        SessionRecord record = new SessionRecord(id, tokenId, now, until, Secrets.hash(secret));
        long seconds = Math.max(2, (until - now + 999) / 1000);
        seam.write(who, "auth.login", id, () -> {
            long lease = etcd.await("grant a lease for console session " + id, () -> etcd.client().getLeaseClient().grant(seconds)).getID();
            try {
                return etcd.await("write console session " + id, () -> etcd.client().getKVClient().put(of(keys.authSession(id)),
                        of(StoredJson.write(record)), PutOption.builder().withLeaseId(lease).build())).getHeader().getRevision();
            } catch (RuntimeException e) {
                leases.revoke(lease);
                throw e;
            }
        });
        String cookie = Credential.format(PREFIX, id, secret);
        return new Login(cookie, csrf(cookie), record);
    }

    /**
     * The session of {@code cookie} when it stands: well-formed, known, its secret matching, not expired, and its
     * token still valid ({@code tokenId} null = logged in with the configured admin token). Null otherwise.
     */
    public SessionRecord verify(String cookie) {
        Credential c = Credential.parse(PREFIX, cookie);
        if (c == null) {
            return null;
        }
        String key = keys.authSession(c.id());
        String value = mirror.get(key).map(e -> e.value()).orElse(null);
        if (value == null) {
            var answer = etcd.await("read console session " + c.id(), () -> etcd.client().getKVClient().get(of(key)));
            value = answer.getKvs().isEmpty() ? null : str(answer.getKvs().get(0).getValue());
        }
        SessionRecord record = StoredJson.read(value, SessionRecord.class);
        if (record == null || !Secrets.matches(c.secret(), record.hash()) || System.currentTimeMillis() >= record.expiresAt()) {
            return null;
        }
        return record;
    }

    /** The token record behind a standing session; null when the token is gone or expired. */
    public TokenRecord token(SessionRecord session) {
        TokenRecord t = tokens.record(session.tokenId());
        return t == null || t.expired(System.currentTimeMillis()) ? null : t;
    }

    /** The CSRF token of the session with this cookie: required in a header on its writes. */
    public static String csrf(String cookie) {
        return Secrets.derive("beacon-csrf", cookie);
    }

    /** Ends the session of {@code cookie} (nothing happens when there is none). */
    public void delete(Principal who, String cookie) {
        Credential c = Credential.parse(PREFIX, cookie);
        if (c == null) {
            return;
        }
        seam.write(who, "auth.logout", c.id(), () -> etcd.await("delete console session " + c.id(),
                () -> etcd.client().getKVClient().delete(of(keys.authSession(c.id())))).getHeader().getRevision());
    }

    /** Whether a session verified earlier still stands on this server (for streams held open by a cookie). */
    public boolean stillValid(String id) {
        return mirror.get(keys.authSession(id)).isPresent();
    }
}
