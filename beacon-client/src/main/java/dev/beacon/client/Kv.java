package dev.beacon.client;

import dev.beacon.api.Deleted;
import dev.beacon.api.KeyValue;
import dev.beacon.api.KvList;
import dev.beacon.api.KvPut;
import dev.beacon.api.KvWritten;
import dev.beacon.client.internal.Transport;
import dev.beacon.client.internal.Transport.Call;

/** Raw etcd keys through Beacon (admin once auth is on): one blocking call each. Any key, one starting with '/' too. */
public final class Kv {
    private final Transport transport;

    Kv(Transport transport) {
        this.transport = transport;
    }

    /** @throws BeaconClientException NOT_FOUND when the key does not exist */
    public KeyValue get(String key) {
        KvList list = transport.call(Call.get("/api/v1/kv").query("key", key), KvList.class);
        if (list.kvs() == null || list.kvs().isEmpty()) {
            throw new BeaconClientException(dev.beacon.api.ErrorCode.NOT_FOUND, 404, "key " + key + " does not exist", null, null);
        }
        return list.kvs().get(0);
    }

    /** Keys under {@code prefix} (at most {@code limit}, 0 = the server's default), values left out when {@code keysOnly}. */
    public KvList list(String prefix, int limit, boolean keysOnly) {
        return transport.call(Call.get("/api/v1/kv").query("key", prefix).query("prefix", true)
                .query("limit", limit > 0 ? limit : null).query("keysOnly", keysOnly ? true : null), KvList.class);
    }

    /**
     * Writes a key. {@code ttlSeconds}: on a new lease of that many seconds, or null; {@code prevRevision}: only if the
     * key's mod revision is this (0 = must not exist), or null.
     *
     * @throws BeaconClientException CONFLICT (REVISION_MISMATCH)
     */
    public KvWritten put(String key, String value, Long ttlSeconds, Long prevRevision) {
        return transport.call(Call.put("/api/v1/kv", new KvPut(value, ttlSeconds, prevRevision)).query("key", key), KvWritten.class);
    }

    /** Deletes a key, or every key under it with {@code prefix}; answers how many were deleted. */
    public long delete(String key, boolean prefix, Long prevRevision) {
        return transport.call(Call.delete("/api/v1/kv").query("key", key).query("prefix", prefix ? true : null)
                .query("prevRevision", prevRevision), Deleted.class).deleted();
    }
}
