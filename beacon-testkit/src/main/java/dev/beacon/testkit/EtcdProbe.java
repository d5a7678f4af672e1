package dev.beacon.testkit;

import dev.beacon.core.etcd.EtcdConnection;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.beacon.core.etcd.Bytes.of;
import static dev.beacon.core.etcd.Bytes.str;

/**
 * A test's direct view of etcd, the way etcdctl or another process sees it — beside Beacon, never through it:
 * raw reads and writes, key counts, lease TTLs, compaction. Every call waits with the connection's deadline.
 * Get it from {@link EtcdExtension#probe()}; tests and benchmarks use it instead of reaching for jetcd.
 */
public final class EtcdProbe {
    /** Pass as a prefix to mean every key in etcd. */
    public static final String ALL = "\0";

    private final EtcdConnection etcd;

    EtcdProbe(EtcdConnection etcd) {
        this.etcd = etcd;
    }

    /** How many keys start with {@code prefix} ({@link #ALL}: every key). */
    public long count(String prefix) {
        return etcd.await("count " + prefix, () -> etcd.client().getKVClient().get(start(prefix), range(prefix).withCountOnly(true).build()))
                .getCount();
    }

    /** The keys that start with {@code prefix}, in key order. */
    public List<String> keys(String prefix) {
        return etcd.await("list " + prefix, () -> etcd.client().getKVClient().get(start(prefix), range(prefix).withKeysOnly(true).build()))
                .getKvs().stream().map(kv -> str(kv.getKey())).toList();
    }

    /** Every key under {@code prefix} with its value, in key order (e.g. to compare etcd before and after). */
    public Map<String, String> values(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        etcd.await("read " + prefix, () -> etcd.client().getKVClient().get(start(prefix), range(prefix).build()))
                .getKvs().forEach(kv -> out.put(str(kv.getKey()), str(kv.getValue())));
        return out;
    }

    /** One key's value, empty when it does not exist. */
    public Optional<String> get(String key) {
        var kvs = etcd.await("read " + key, () -> etcd.client().getKVClient().get(of(key))).getKvs();
        return kvs.isEmpty() ? Optional.empty() : Optional.of(str(kvs.get(0).getValue()));
    }

    /** The key's per-key version (1 at creation, +1 per write), or 0 when it does not exist. */
    public long version(String key) {
        var kvs = etcd.await("read " + key, () -> etcd.client().getKVClient().get(of(key))).getKvs();
        return kvs.isEmpty() ? 0 : kvs.get(0).getVersion();
    }

    /** Writes a key as etcdctl would (no Beacon metadata); returns the revision written. */
    public long put(String key, String value) {
        return etcd.await("write " + key, () -> etcd.client().getKVClient().put(of(key), of(value))).getHeader().getRevision();
    }

    /** Deletes a key as etcdctl would; returns the revision of the delete. */
    public long delete(String key) {
        return etcd.await("delete " + key, () -> etcd.client().getKVClient().delete(of(key))).getHeader().getRevision();
    }

    /** etcd's current revision. */
    public long revision() {
        return etcd.await("read revision", () -> etcd.client().getKVClient().get(of("/"))).getHeader().getRevision();
    }

    /** The lease's remaining TTL in seconds, or -1 once it has expired or was revoked. */
    public long leaseTtl(long leaseId) {
        long ttl = etcd.await("look up lease " + Long.toHexString(leaseId),
                () -> etcd.client().getLeaseClient().timeToLive(leaseId, LeaseOption.DEFAULT)).getTTL();
        return ttl < 0 ? -1 : ttl;
    }

    /** Compacts etcd's history up to its current revision (physically); returns that revision. */
    public long compact() {
        long revision = revision();
        etcd.await("compact", () -> etcd.client().getKVClient().compact(revision, CompactOption.builder().withCompactPhysical(true).build()));
        return revision;
    }

    private static ByteSequence start(String prefix) {
        return ALL.equals(prefix) ? ByteSequence.from(new byte[]{0}) : of(prefix);
    }

    private static GetOption.Builder range(String prefix) {
        return ALL.equals(prefix) ? GetOption.builder().withRange(ByteSequence.from(new byte[]{0})) : GetOption.builder().isPrefix(true);
    }
}
