package dev.beacon.core.coord;

import dev.beacon.core.Principal;
import dev.beacon.core.WriteSeam;
import dev.beacon.core.Read;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beacon.api.ErrorCode;
import dev.beacon.api.Session;
import dev.beacon.api.SessionLease;
import dev.beacon.core.BeaconException;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.Leases;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.keys.Names;
import dev.beacon.core.watch.Entry;
import dev.beacon.core.watch.PrefixMirror;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import static dev.beacon.core.etcd.Bytes.of;
import static dev.beacon.core.etcd.Bytes.str;

/**
 * Sessions shared by every instance of an application: JSON data under {@code {root}/sessions/{id}} on a
 * lease of the session's ttl, so a session nobody touches expires by itself, and every Beacon server sees
 * it (reads come from the mirror; a session the mirror does not show yet is looked up in etcd before the
 * answer is "not found"). The value in etcd is {@code {"data":{...},"ttl":N}}.
 *
 * <p>Every method blocks up to the request timeout and throws {@link BeaconException}; arguments are
 * checked before anything is sent to etcd.
 */
public final class Sessions {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final EtcdConnection etcd;
    private final PrefixMirror mirror;
    private final WriteSeam seam;
    private final KeyLayout keys;
    private final int maxDataBytes;
    private final Leases leases;

    /** @param maxDataBytes the largest session data accepted, in bytes of JSON (larger is PAYLOAD_TOO_LARGE) */
    public Sessions(EtcdConnection etcd, PrefixMirror mirror, KeyLayout keys, int maxDataBytes, WriteSeam seam) {
        this.seam = seam;
        if (maxDataBytes < 1 || maxDataBytes > 1024 * 1024) {
            throw new IllegalArgumentException("the session data limit must be between 1 byte and 1 MiB, got " + maxDataBytes);
        }
        this.etcd = etcd;
        this.mirror = mirror;
        this.keys = keys;
        this.maxDataBytes = maxDataBytes;
        this.leases = new Leases(etcd);
    }

    /**
     * Creates or replaces session {@code id} with {@code data} (a JSON object) on a new lease of {@code ttl}
     * seconds; a replaced session's old lease is revoked.
     */
    public Session put(String id, Object data, Long ttl, Principal who) {
        Names.requireName("session id", id);
        long seconds = CoordLimits.ttl(ttl);
        if (data == null) {
            throw BeaconException.badRequest("data is missing; send {\"data\": {...}, \"ttl\": seconds}");
        }
        if (!(data instanceof Map)) {
            throw BeaconException.badRequest("data must be a JSON object, got " + kind(data));
        }
        byte[] json = write(data);
        if (json.length > maxDataBytes) {
            throw new BeaconException(ErrorCode.PAYLOAD_TOO_LARGE, "session data is " + json.length
                    + " bytes of JSON; the limit is " + maxDataBytes, "store less in the session, or raise --session-max-bytes");
        }
        ObjectNode envelope = MAPPER.createObjectNode();
        envelope.set("data", MAPPER.valueToTree(data));
        envelope.put("ttl", seconds);
        String value = envelope.toString();
        return seam.write(who, "sessions.put", id, () -> write(id, data, seconds, value), Session::modRevision);
    }

    private Session write(String id, Object data, long seconds, String value) {
        String key = keys.session(id);
        long lease = etcd.await("grant a lease for session " + id, () -> etcd.client().getLeaseClient().grant(seconds)).getID();
        try {
            var put = etcd.await("write session " + id, () -> etcd.client().getKVClient()
                    .put(of(key), of(value), PutOption.builder().withLeaseId(lease).withPrevKV().build()));
            long revision = put.getHeader().getRevision();
            long created = revision;
            if (put.hasPrevKv()) {
                created = put.getPrevKv().getCreateRevision();
                long old = put.getPrevKv().getLease();
                if (old != 0 && old != lease) {
                    leases.revoke(old);
                }
            }
            return new Session(id, data, seconds, lease, created, revision);
        } catch (RuntimeException e) {
            leases.revoke(lease);
            throw e;
        }
    }

    /**
     * Reads session {@code id}: from the mirror, or from etcd when {@code consistent} (a linearizable read) or
     * when the mirror does not show it yet.
     *
     * @throws BeaconException NOT_FOUND when it does not exist (never written, deleted or expired)
     */
    public Read<Session> get(String id, boolean consistent) {
        Names.requireName("session id", id);
        if (!consistent) {
            Read<Optional<Entry>> cached = mirror.read(() -> mirror.get(keys.session(id)));
            if (cached.value().isPresent()) {
                return cached.map(e -> toSession(id, e.get()));
            }
        }
        Read<Entry> fresh = readConsistent(id);
        if (fresh.value() == null) {
            throw notFound(id);
        }
        return fresh.map(e -> toSession(id, e));
    }

    /**
     * Keeps session {@code id} alive for another ttl.
     *
     * @throws BeaconException NOT_FOUND when it has expired or does not exist
     */
    public SessionLease touch(String id) {
        Names.requireName("session id", id);
        Optional<Entry> cached = mirror.get(keys.session(id));
        if (cached.isPresent()) {
            try {
                return keepAlive(id, cached.get().lease());
            } catch (BeaconException e) {
                if (e.code() != ErrorCode.NOT_FOUND) {
                    throw e;
                }
                // the mirror may show a lease that a replacement on another server has just revoked: ask etcd
            }
        }
        Entry current = readConsistent(id).value();
        if (current == null) {
            throw notFound(id);
        }
        return keepAlive(id, current.lease());
    }

    /**
     * Deletes session {@code id} and revokes its lease.
     *
     * @throws BeaconException NOT_FOUND when it does not exist
     */
    public long delete(String id, Principal who) {
        Names.requireName("session id", id);
        return seam.write(who, "sessions.delete", id, () -> delete(id));
    }

    private long delete(String id) {
        var deleted = etcd.await("delete session " + id, () -> etcd.client().getKVClient()
                .delete(of(keys.session(id)), DeleteOption.builder().withPrevKV(true).build()));
        if (deleted.getDeleted() == 0) {
            throw notFound(id);
        }
        long lease = deleted.getPrevKvs().isEmpty() ? 0 : deleted.getPrevKvs().get(0).getLease();
        if (lease != 0) {
            leases.revoke(lease);
        }
        return deleted.getHeader().getRevision();
    }

    private SessionLease keepAlive(String id, long lease) {
        if (lease == 0) {
            throw new BeaconException(ErrorCode.BAD_REQUEST, "session " + id + " has no lease (written outside Beacon)");
        }
        try {
            long ttl = etcd.await("touch session " + id, () -> leases.keepAlive(lease));
            return new SessionLease(id, lease, ttl);
        } catch (BeaconException e) {
            throw e.code() == ErrorCode.NOT_FOUND ? notFound(id) : e;
        }
    }

    /** The session as etcd holds it (null when absent), with the revision read at. */
    private Read<Entry> readConsistent(String id) {
        var r = etcd.await("read session " + id, () -> etcd.client().getKVClient().get(of(keys.session(id))));
        return Read.consistent(r.getKvs().isEmpty() ? null : Entry.of(r.getKvs().get(0)), r.getHeader().getRevision());
    }

    /** A value written by Beacon is the envelope; anything else (written with etcdctl) is shown as the data itself. */
    static Session toSession(String id, Entry e) {
        Object data;
        long ttl = 0;
        try {
            JsonNode node = MAPPER.readTree(e.value().getBytes(StandardCharsets.UTF_8));
            if (node != null && node.isObject() && node.has("data") && node.path("ttl").isIntegralNumber() && node.size() == 2) {
                data = MAPPER.treeToValue(node.get("data"), Object.class);
                ttl = node.get("ttl").asLong();
            } else {
                data = node == null ? e.value() : MAPPER.treeToValue(node, Object.class);
            }
        } catch (java.io.IOException notJson) {
            data = e.value();
        }
        return new Session(id, data, ttl, e.lease(), e.createRevision(), e.modRevision());
    }

    private static byte[] write(Object data) {
        try {
            return MAPPER.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw BeaconException.badRequest("data cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    private static String kind(Object data) {
        if (data instanceof java.util.List) {
            return "an array";
        }
        if (data instanceof String) {
            return "a string";
        }
        if (data instanceof Number) {
            return "a number";
        }
        return data instanceof Boolean ? "a boolean" : data.getClass().getSimpleName();
    }

    private static BeaconException notFound(String id) {
        return new BeaconException(ErrorCode.NOT_FOUND, "session " + id + " does not exist (never written, deleted, or expired)",
                "create it again with PUT");
    }
}
