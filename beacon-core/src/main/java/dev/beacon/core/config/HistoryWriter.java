package dev.beacon.core.config;

import dev.beacon.api.HistoryRecord;
import dev.beacon.core.BeaconException;
import dev.beacon.core.StoredJson;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.keys.KeyLayout.ConfigKey;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

import java.util.ArrayList;
import java.util.List;

import static dev.beacon.core.etcd.Bytes.of;
import static dev.beacon.core.etcd.Bytes.str;

/**
 * The etcd side of {@link HistoryRecorder}: create-if-absent record writes, pruning beyond the retention,
 * metadata clean-up, reads of metadata at a past revision, and the checkpoint. Every method blocks up to
 * the request timeout and throws {@link BeaconException}; never call it on a jetcd thread.
 */
final class HistoryWriter {
    private static final int MAX_OPS = 128;

    private final EtcdConnection etcd;
    private final KeyLayout keys;
    private final int retention;

    HistoryWriter(EtcdConnection etcd, KeyLayout keys, int retention) {
        this.etcd = etcd;
        this.keys = keys;
        this.retention = retention;
    }

    /** Creates the record unless it exists; when this call created it, prunes the key's oldest records. */
    void write(ConfigKey at, HistoryRecord record) {
        ByteSequence key = of(keys.history(at.app(), at.profile(), at.key(), record.modRevision()));
        TxnResponse r = etcd.await("record history of " + at.key(), () -> etcd.client().getKVClient().txn()
                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(key, of(StoredJson.write(record)), PutOption.DEFAULT))
                .commit());
        if (r.isSucceeded()) {
            prune(at);
        }
    }

    /** True when the key's newest record is a DELETE after {@code revision}. */
    boolean deleteRecordedAfter(ConfigKey at, long revision) {
        String prefix = keys.historyPrefix(at.app(), at.profile(), at.key());
        GetResponse newest = etcd.await("read history of " + at.key(), () -> etcd.client().getKVClient().get(of(prefix),
                GetOption.builder().isPrefix(true).withLimit(1)
                        .withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.DESCEND).build()));
        if (newest.getKvs().isEmpty()) {
            return false;
        }
        HistoryRecord record = StoredJson.read(str(newest.getKvs().get(0).getValue()), HistoryRecord.class);
        return record != null && "DELETE".equals(record.op()) && record.modRevision() > revision;
    }

    /** Deletes the oldest records of the key beyond the retention, by key, in as few transactions as needed. */
    void prune(ConfigKey at) {
        String prefix = keys.historyPrefix(at.app(), at.profile(), at.key());
        GetResponse all = etcd.await("list history of " + at.key(), () -> etcd.client().getKVClient().get(of(prefix),
                GetOption.builder().isPrefix(true).withKeysOnly(true)
                        .withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.ASCEND).build()));
        int excess = all.getKvs().size() - retention;
        if (excess <= 0) {
            return;
        }
        List<KeyValue> oldest = all.getKvs().subList(0, excess);
        for (int i = 0; i < oldest.size(); i += MAX_OPS) {
            List<Op> ops = new ArrayList<>();
            for (KeyValue kv : oldest.subList(i, Math.min(oldest.size(), i + MAX_OPS))) {
                ops.add(Op.delete(kv.getKey(), DeleteOption.DEFAULT));
            }
            etcd.await("prune history of " + at.key(), () -> etcd.client().getKVClient().txn().Then(ops.toArray(Op[]::new)).commit());
        }
    }

    /** Removes the item's metadata key unless it was written after {@code revision} (a newer write owns it). */
    void dropMetaUpTo(ConfigKey at, long revision) {
        ByteSequence meta = of(keys.configMeta(at.app(), at.profile(), at.key()));
        etcd.await("clean metadata of " + at.key(), () -> etcd.client().getKVClient().txn()
                .If(new Cmp(meta, Cmp.Op.GREATER, CmpTarget.version(0)), new Cmp(meta, Cmp.Op.LESS, CmpTarget.modRevision(revision + 1)))
                .Then(Op.delete(meta, DeleteOption.DEFAULT))
                .commit());
    }

    /** The metadata written with the change at {@code revision}, read from etcd at that revision; null when none (or compacted). */
    ConfigMeta metaAtRevision(ConfigKey at, long revision) {
        for (String key : List.of(keys.configMeta(at.app(), at.profile(), at.key()), keys.batchMeta(at.app(), at.profile()))) {
            try {
                GetResponse r = etcd.await("read metadata of " + at.key() + " at revision " + revision,
                        () -> etcd.client().getKVClient().get(of(key), GetOption.builder().withRevision(revision).build()));
                if (!r.getKvs().isEmpty() && r.getKvs().get(0).getModRevision() == revision) {
                    return StoredJson.read(str(r.getKvs().get(0).getValue()), ConfigMeta.class);
                }
            } catch (BeaconException e) {
                if (e.code() != dev.beacon.api.ErrorCode.COMPACTED) {
                    throw e;
                }
            }
        }
        return null;
    }

    /** Raises the checkpoint to {@code revision} unless it is already as high (values are 20-digit, so they compare as text). */
    void raiseCheckpoint(long revision) {
        ByteSequence key = of(keys.historyCheckpoint());
        ByteSequence value = of(String.format("%020d", revision));
        TxnResponse r = etcd.await("save the history checkpoint", () -> etcd.client().getKVClient().txn()
                .If(new Cmp(key, Cmp.Op.LESS, CmpTarget.value(value)))
                .Then(Op.put(key, value, PutOption.DEFAULT))
                .commit());
        if (!r.isSucceeded()) {
            etcd.await("create the history checkpoint", () -> etcd.client().getKVClient().txn()
                    .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0)))
                    .Then(Op.put(key, value, PutOption.DEFAULT))
                    .commit());
        }
    }
}
