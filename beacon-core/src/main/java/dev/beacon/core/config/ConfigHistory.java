package dev.beacon.core.config;

import dev.beacon.core.Principal;
import dev.beacon.core.Read;
import dev.beacon.api.ErrorCode;
import dev.beacon.api.HistoryRecord;
import dev.beacon.api.Item;
import dev.beacon.core.BeaconException;
import dev.beacon.core.StoredJson;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.keys.KeyLayout;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;

import java.util.ArrayList;
import java.util.List;

import static dev.beacon.core.etcd.Bytes.of;
import static dev.beacon.core.etcd.Bytes.str;

/**
 * Reads an item's history and rolls it back. History lives only in etcd (the mirror leaves
 * {@code {root}/history/} out), so every call here is an etcd read with the request deadline; it is a plain
 * range read at the current revision, which etcd's compaction does not affect.
 */
public final class ConfigHistory {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private final EtcdConnection etcd;
    private final KeyLayout keys;
    private final ConfigStore store;

    public ConfigHistory(EtcdConnection etcd, KeyLayout keys, ConfigStore store) {
        this.etcd = etcd;
        this.keys = keys;
        this.store = store;
    }

    /**
     * The item's history records, newest first: at most {@code limit}, only those older than
     * {@code beforeRevision} when it is given (for paging). Empty when the key never had one.
     */
    public Read<List<HistoryRecord>> list(String app, String profile, String key, int limit, Long beforeRevision) {
        ConfigRules.requireAddress(app, profile);
        ConfigRules.requireKey(key);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw BeaconException.badRequest("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (beforeRevision != null && beforeRevision < 1) {
            throw BeaconException.badRequest("before must be a positive revision, got " + beforeRevision);
        }
        String prefix = keys.historyPrefix(app, profile, key);
        GetOption.Builder range = GetOption.builder().withLimit(limit)
                .withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.DESCEND);
        if (beforeRevision == null) {
            range.isPrefix(true);
        } else {
            range.withRange(of(keys.history(app, profile, key, beforeRevision)));
        }
        GetResponse r = etcd.await("read history of " + app + "/" + profile + "/" + key,
                () -> etcd.client().getKVClient().get(of(prefix), range.build()));
        List<HistoryRecord> records = new ArrayList<>();
        r.getKvs().forEach(kv -> {
            HistoryRecord record = StoredJson.read(str(kv.getValue()), HistoryRecord.class);
            if (record != null) {
                records.add(record);
            }
        });
        return Read.consistent(records, r.getHeader().getRevision());
    }

    /** The record of the change at {@code revision}. @throws BeaconException NOT_FOUND */
    public HistoryRecord record(String app, String profile, String key, long revision) {
        ConfigRules.requireAddress(app, profile);
        ConfigRules.requireKey(key);
        GetResponse r = etcd.await("read history of " + app + "/" + profile + "/" + key,
                () -> etcd.client().getKVClient().get(of(keys.history(app, profile, key, revision))));
        HistoryRecord record = r.getKvs().isEmpty() ? null : StoredJson.read(str(r.getKvs().get(0).getValue()), HistoryRecord.class);
        if (record == null) {
            throw new BeaconException(ErrorCode.NOT_FOUND, "no history record of " + app + "/" + profile + "/" + key
                    + " at revision " + revision, "list the item's history for the revisions it has");
        }
        return record;
    }

    /**
     * Writes the value the item had at {@code toRevision} as a new change (a new revision, its own history
     * record). {@code ifMatch} as for {@link ConfigStore#put}; the comment defaults to "rollback to revision N".
     *
     * @throws BeaconException NOT_FOUND when there is no record at that revision; BAD_REQUEST when that
     *                         record is a delete (delete the item instead)
     */
    public Item rollback(String app, String profile, String key, long toRevision, Long ifMatch, Principal who, String comment) {
        if (toRevision < 1) {
            throw BeaconException.badRequest("toRevision must be a positive revision from the item's history, got " + toRevision);
        }
        ConfigRules.requireIfMatch(ifMatch);
        ConfigRules.requireComment(comment);
        HistoryRecord record = record(app, profile, key, toRevision);
        if (!"PUT".equals(record.op()) || record.value() == null) {
            throw BeaconException.badRequest("revision " + toRevision + " of " + key + " is a delete; roll back to a revision"
                    + " that holds a value, or delete the item");
        }
        String why = comment != null ? comment : "rollback to revision " + toRevision;
        return store.put("config.rollback", app, profile, key, record.value(), ifMatch, who, why);
    }
}
