package dev.beacon.core.auth;

import dev.beacon.core.BeaconException;
import dev.beacon.core.Principal;
import dev.beacon.core.Read;
import dev.beacon.core.StoredJson;
import dev.beacon.core.WriteSeam;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.Leases;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.watch.Entry;
import dev.beacon.core.watch.PrefixMirror;
import io.etcd.jetcd.options.PutOption;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import static dev.beacon.core.etcd.Bytes.of;
import static dev.beacon.core.etcd.Bytes.str;

/**
 * API tokens: {@code bkn_<id>_<secret>}, 256 random bits of secret, stored under {@code {root}/auth/tokens/{id}}
 * as a {@link TokenRecord} holding only the secret's hash. A token with a ttl lives on an etcd lease of that ttl
 * (so it also disappears from etcd) and is refused from its {@code expiresAt} on. Verification reads the server's
 * root mirror (a revocation seen by the mirror takes effect at once, on every server); a token the mirror does not
 * show yet (created a moment ago, perhaps on another server) is looked up in etcd once before it is refused.
 *
 * <p>Every method blocks at most the request timeout; writes go through the {@link WriteSeam} as
 * {@code auth.tokens.create} / {@code auth.tokens.revoke} with the token id as target.
 */
public final class Tokens {
    static final String PREFIX = "bkn";
    private static final Pattern DESCRIPTION = Pattern.compile("[\\p{L}\\p{N} ._@:/+()-]{1,128}");
    public static final Duration MIN_TTL = Duration.ofSeconds(1);

    /** A new token: its id and the token itself, which is never shown again. */
    public record Issued(String id, String token, TokenRecord record, long revision) {
    }

    private final EtcdConnection etcd;
    private final PrefixMirror mirror;
    private final KeyLayout keys;
    private final WriteSeam seam;
    private final Leases leases;

    public Tokens(EtcdConnection etcd, PrefixMirror mirror, KeyLayout keys, WriteSeam seam) {
        this.etcd = etcd;
        this.mirror = mirror;
        this.keys = keys;
        this.seam = seam;
        this.leases = new Leases(etcd);
    }

    /**
     * @param ttl null for a token that does not expire
     * @throws BeaconException BAD_REQUEST for a bad description, scope set or ttl
     */
    public Issued create(Principal who, Grant grant, Duration ttl, String description) {
        if (description != null && !DESCRIPTION.matcher(description).matches()) {
            throw BeaconException.badRequest("description must be 1 to 128 letters, digits, spaces or ._@:/+()- (it becomes the "
                    + "name that writes made with the token are recorded under)");
        }
        if (ttl != null && ttl.compareTo(MIN_TTL) < 0) {
            throw BeaconException.badRequest("ttl must be at least 1s, got " + ttl.toMillis() + "ms");
        }
        String id = Secrets.id();
        String secret = Secrets.secret();
        long now = System.currentTimeMillis();
        TokenRecord record = new TokenRecord(id, grant.role().wire(), grant.scopeTexts(), description, now,
                ttl == null ? null : now + ttl.toMillis(), who.name(), Secrets.hash(secret));
        long revision = seam.write(who, "auth.tokens.create", id, () -> put(record, ttl));
        return new Issued(id, Credential.format(PREFIX, id, secret), record, revision);
    }

    private long put(TokenRecord record, Duration ttl) {
        PutOption.Builder option = PutOption.builder();
        long lease = 0;
        if (ttl != null) { // the lease removes the record from etcd a little after it expires; expiresAt decides
            long seconds = Math.max(2, ttl.toSeconds() + 2);
            lease = etcd.await("grant a lease for token " + record.id(), () -> etcd.client().getLeaseClient().grant(seconds)).getID();
            option.withLeaseId(lease);
        }
        try {
            return etcd.await("write token " + record.id(), () -> etcd.client().getKVClient()
                    .put(of(keys.authToken(record.id())), of(StoredJson.write(record)), option.build())).getHeader().getRevision();
        } catch (RuntimeException e) {
            if (lease != 0) {
                leases.revoke(lease);
            }
            throw e;
        }
    }

    /** @throws BeaconException NOT_FOUND when there is no such token (never made, revoked or expired) */
    public long revoke(Principal who, String id) {
        Objects.requireNonNull(id, "id");
        return seam.write(who, "auth.tokens.revoke", id, () -> {
            var deleted = etcd.await("revoke token " + id, () -> etcd.client().getKVClient().delete(of(keys.authToken(id))));
            if (deleted.getDeleted() == 0) {
                throw BeaconException.notFound("no token " + id + " (never made, already revoked, or expired)");
            }
            return deleted.getHeader().getRevision();
        });
    }

    /** Every token that exists, without hashes, oldest first. */
    public Read<List<TokenRecord>> list() {
        long now = System.currentTimeMillis();
        return mirror.read(() -> mirror.list(keys.authTokensRoot()).stream()
                .map(e -> StoredJson.read(e.value(), TokenRecord.class)).filter(Objects::nonNull)
                .filter(t -> !t.expired(now)).map(TokenRecord::listed)
                .sorted(Comparator.comparingLong(TokenRecord::createdAt)).toList());
    }

    /** A verified token: its record and the revision at which it was read. */
    public record Verified(TokenRecord record, long modRevision) {
    }

    /**
     * The record of {@code presented} when it is a valid token: well-formed, known, its secret matching the stored
     * hash (constant time), not expired. Null otherwise.
     */
    public Verified verify(String presented) {
        Credential c = Credential.parse(PREFIX, presented);
        if (c == null) {
            return null;
        }
        Entry e = find(c.id());
        TokenRecord record = e == null ? null : StoredJson.read(e.value(), TokenRecord.class);
        if (record == null || !Secrets.matches(c.secret(), record.hash()) || record.expired(System.currentTimeMillis())) {
            return null;
        }
        return new Verified(record, e.modRevision());
    }

    /** Whether a well-formed token with this shape could be one (used to tell malformed from unknown). */
    public static boolean wellFormed(String presented) {
        return Credential.parse(PREFIX, presented) != null;
    }

    /**
     * Whether the token verified at {@code modRevision} still stands on this server: its record is still in the
     * mirror and not expired. A record the mirror has not caught up with yet counts as standing.
     */
    public boolean stillValid(String id, long modRevision) {
        var e = mirror.get(keys.authToken(id));
        if (e.isEmpty()) {
            return mirror.revision() < modRevision;
        }
        TokenRecord record = StoredJson.read(e.get().value(), TokenRecord.class);
        return record != null && !record.expired(System.currentTimeMillis());
    }

    /** The stored record of token {@code id}: from the mirror, else from etcd; null when there is none. */
    TokenRecord record(String id) {
        Entry e = find(id);
        return e == null ? null : StoredJson.read(e.value(), TokenRecord.class);
    }

    private Entry find(String id) {
        String key = keys.authToken(id);
        var cached = mirror.get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        var answer = etcd.await("read token " + id, () -> etcd.client().getKVClient().get(of(key)));
        if (answer.getKvs().isEmpty()) {
            return null;
        }
        var kv = answer.getKvs().get(0);
        return new Entry(key, str(kv.getValue()), kv.getCreateRevision(), kv.getModRevision(), kv.getVersion(), kv.getLease());
    }
}
