package dev.beacon.core.kv;

import dev.beacon.api.ErrorCode;
import dev.beacon.api.KeyValue;
import dev.beacon.api.KvList;
import dev.beacon.api.KvWritten;
import dev.beacon.api.LeaseTtl;
import dev.beacon.core.BeaconException;
import dev.beacon.core.Principal;
import dev.beacon.core.Read;
import dev.beacon.core.WriteSeam;
import dev.beacon.core.Written;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.Leases;
import dev.beacon.core.keys.Names;
import dev.beacon.core.watch.Entry;
import dev.beacon.core.watch.Mirrors;
import dev.beacon.core.watch.PrefixMirror;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.OptionsUtil;
import io.etcd.jetcd.options.PutOption;

import java.util.List;

import static dev.beacon.core.etcd.Bytes.of;
import static dev.beacon.core.etcd.Bytes.str;

/**
 * Raw etcd keys, as the seed's endpoints and {@code /api/v1/kv} use them. Every method blocks
 * (up to the request timeout) and throws {@link BeaconException}; call it from a request thread,
 * never from a jetcd callback. Arguments are validated before anything is sent to etcd.
 */
public final class KvStore {
    /** Largest page a prefix listing returns; a bigger {@code limit} is refused. */
    public static final int MAX_LIMIT = 10_000;
    public static final int DEFAULT_LIMIT = 1_000;

    private final EtcdConnection etcd;

    private final WriteSeam seam;

    private final Leases leases;

    public KvStore(EtcdConnection etcd, WriteSeam seam) {
        this.etcd = etcd;
        this.seam = seam;
        this.leases = new Leases(etcd);
    }

    /** Reads one key; the list is empty when it does not exist. */
    public KvList get(String key) {
        return list(key, false, 1, false, null);
    }

    /** How long a lease still lives, and the TTL it was granted with; NOT_FOUND once it has expired or was revoked. */
    public Read<LeaseTtl> lease(long leaseId) {
        if (leaseId <= 0) {
            throw BeaconException.badRequest("a lease id is a positive whole number, got " + leaseId);
        }
        return etcd.await("look up lease " + leaseId, () -> leases.timeToLive(leaseId));
    }

    /**
     * Reads one key from etcd; while etcd cannot be read, from a loaded mirror that holds the key, marked stale
     * (a key no mirror holds still fails ETCD_UNAVAILABLE). The seed's {@code GET /config/{key}} reads this way,
     * so it keeps answering through an outage like the config API does.
     */
    public Read<KvList> getOrMirrored(String key, Mirrors mirrors) {
        try {
            KvList fresh = get(key);
            return Read.consistent(fresh, fresh.revision());
        } catch (BeaconException e) {
            if (e.code() != ErrorCode.ETCD_UNAVAILABLE) {
                throw e;
            }
            PrefixMirror mirror = mirrors.holding(key).orElseThrow(() -> e);
            Read<java.util.Optional<Entry>> read = mirror.read(() -> mirror.get(key));
            return read.map(entry -> new KvList(entry.map(x -> new KeyValue(x.key(), x.value(), x.version(), x.createRevision(),
                    x.modRevision(), x.lease())).stream().toList(), read.revision(), false));
        }
    }

    /**
     * Reads one key, or every key starting with {@code key} when {@code prefix}, in key order,
     * at most {@code limit} of them ({@code more} says whether there were others). With {@code startAfter}
     * (prefix listings only; a key under the prefix, typically the last one of the previous page) the listing
     * begins with the first key after it: etcd's range from {@code startAfter + "\0"} to the prefix's end. Pages
     * read this way are each consistent at their own revision; a key written between two pages shows up in a later
     * page only if it sorts after the page boundary.
     */
    public KvList list(String key, boolean prefix, int limit, boolean keysOnly, String startAfter) {
        Names.requireKey(key);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw BeaconException.badRequest("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (startAfter != null && !prefix) {
            throw BeaconException.badRequest("startAfter pages a prefix listing; it needs prefix=true");
        }
        if (startAfter != null && !startAfter.startsWith(key)) {
            throw BeaconException.badRequest("startAfter must be a key under the prefix " + key + ", got " + startAfter);
        }
        GetOption.Builder options = GetOption.builder().withKeysOnly(keysOnly);
        ByteSequence from = of(key);
        if (prefix) {
            options.withLimit(limit).withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.ASCEND);
            if (startAfter == null) {
                options.isPrefix(true);
            } else {
                from = of(startAfter + "\0");
                options.withRange(OptionsUtil.prefixEndOf(of(key)));
            }
        }
        ByteSequence start = from;
        GetResponse response = etcd.await("read " + key, () -> kv().get(start, options.build()));
        List<KeyValue> kvs = response.getKvs().stream().map(kv -> toApi(kv, keysOnly)).toList();
        return new KvList(kvs, response.getHeader().getRevision(), response.isMore());
    }

    /**
     * Writes a key. With {@code ttlSeconds} the key lives on a new lease of that TTL and disappears
     * when it expires. With {@code prevRevision} the write happens only if the key's mod revision is
     * that value (0 = the key must not exist), else {@link ErrorCode#REVISION_MISMATCH}.
     */
    public KvWritten put(String key, String value, Long ttlSeconds, Long prevRevision, Principal who) {
        Names.requireKey(key);
        if (value == null) {
            throw BeaconException.badRequest("value is missing");
        }
        if (ttlSeconds != null && ttlSeconds <= 0) {
            throw BeaconException.badRequest("ttl must be a positive number of seconds, got " + ttlSeconds);
        }
        if (prevRevision != null && prevRevision < 0) {
            throw BeaconException.badRequest("prevRevision must be 0 or more, got " + prevRevision);
        }
        return seam.write(who, "kv.put", key, () -> write(key, value, ttlSeconds, prevRevision), KvWritten::modRevision);
    }

    private KvWritten write(String key, String value, Long ttlSeconds, Long prevRevision) {
        long lease = 0;
        if (ttlSeconds != null) {
            lease = etcd.await("grant a lease for " + key, () -> etcd.client().getLeaseClient().grant(ttlSeconds)).getID();
        }
        PutOption putOption = lease == 0 ? PutOption.DEFAULT : PutOption.builder().withLeaseId(lease).build();
        try {
            if (prevRevision == null) {
                long revision = etcd.await("write " + key, () -> kv().put(of(key), of(value), putOption))
                        .getHeader().getRevision();
                return new KvWritten(key, revision);
            }
            TxnResponse txn = etcd.await("write " + key, () -> kv().txn()
                    .If(compareRevision(of(key), prevRevision))
                    .Then(Op.put(of(key), of(value), putOption))
                    .Else(Op.get(of(key), GetOption.DEFAULT))
                    .commit());
            if (!txn.isSucceeded()) {
                throw mismatch(key, prevRevision, txn);
            }
            return new KvWritten(key, txn.getHeader().getRevision());
        } catch (RuntimeException e) {
            if (lease != 0) {
                long granted = lease;
                etcd.call("revoke unused lease", () -> etcd.client().getLeaseClient().revoke(granted));
            }
            throw e;
        }
    }

    /**
     * Deletes one key, or every key under a prefix. With {@code prevRevision} (single key only) the
     * delete happens only if the key's mod revision matches. Returns how many keys were removed.
     */
    public Written<Long> delete(String key, boolean prefix, Long prevRevision, Principal who) {
        Names.requireKey(key);
        if (prevRevision != null && prefix) {
            throw BeaconException.badRequest("prevRevision applies to one key; it cannot be combined with prefix=true");
        }
        return seam.write(who, prefix ? "kv.delete-prefix" : "kv.delete", key, () -> delete(key, prefix, prevRevision), Written::revision);
    }

    private Written<Long> delete(String key, boolean prefix, Long prevRevision) {
        if (prevRevision == null) {
            DeleteOption option = DeleteOption.builder().isPrefix(prefix).build();
            var deleted = etcd.await("delete " + key, () -> kv().delete(of(key), option));
            return new Written<>(deleted.getDeleted(), deleted.getHeader().getRevision());
        }
        TxnResponse txn = etcd.await("delete " + key, () -> kv().txn()
                .If(compareRevision(of(key), prevRevision))
                .Then(Op.delete(of(key), DeleteOption.DEFAULT))
                .Else(Op.get(of(key), GetOption.DEFAULT))
                .commit());
        if (!txn.isSucceeded()) {
            throw mismatch(key, prevRevision, txn);
        }
        return new Written<>(txn.getDeleteResponses().isEmpty() ? 0L : txn.getDeleteResponses().get(0).getDeleted(),
                txn.getHeader().getRevision());
    }

    private static Cmp compareRevision(ByteSequence key, long prevRevision) {
        return prevRevision == 0
                ? new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0))
                : new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(prevRevision));
    }

    private static BeaconException mismatch(String key, long expected, TxnResponse txn) {
        List<io.etcd.jetcd.KeyValue> current = txn.getGetResponses().isEmpty() ? List.of() : txn.getGetResponses().get(0).getKvs();
        long actual = current.isEmpty() ? 0 : current.get(0).getModRevision();
        String message = expected == 0
                ? "key " + key + " already exists (modRevision " + actual + ")"
                : actual == 0 ? "key " + key + " does not exist (expected modRevision " + expected + ")"
                : "key " + key + " has modRevision " + actual + ", not " + expected;
        return new BeaconException(ErrorCode.REVISION_MISMATCH, message, "read the key again and retry with its modRevision",
                current.isEmpty() ? null : toApi(current.get(0), false), null);
    }

    static KeyValue toApi(io.etcd.jetcd.KeyValue kv, boolean keysOnly) {
        return new KeyValue(str(kv.getKey()), keysOnly ? null : str(kv.getValue()), kv.getVersion(),
                kv.getCreateRevision(), kv.getModRevision(), kv.getLease());
    }

    private KV kv() {
        return etcd.client().getKVClient();
    }
}
