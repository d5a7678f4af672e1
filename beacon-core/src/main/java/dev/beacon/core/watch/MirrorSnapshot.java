package dev.beacon.core.watch;

import dev.beacon.core.etcd.EtcdConnection;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.beacon.core.etcd.Bytes.of;
import static dev.beacon.core.etcd.Bytes.prefixEnd;
import static dev.beacon.core.etcd.Bytes.str;

/**
 * A consistent copy of every key under a prefix, read in pages of {@value #PAGE} at one revision (the first
 * page's), skipping excluded ranges; and its difference from what a mirror held before (for a re-list).
 *
 * @param entries  the keys (outside excluded ranges) at {@code revision}
 * @param revision the revision every page was read at
 */
record MirrorSnapshot(Map<String, Entry> entries, long revision) {
    static final int PAGE = 1000;

    /**
     * Reads the snapshot. The future completes on Beacon's executor; it is not given a deadline here
     * (the caller's {@link EtcdConnection#call} applies one to the whole read).
     */
    static CompletableFuture<MirrorSnapshot> load(EtcdConnection etcd, String prefix, List<String> excluded) {
        CompletableFuture<MirrorSnapshot> result = new CompletableFuture<>();
        page(etcd, prefix, excluded, of(prefix), 0, new HashMap<>(), result);
        return result;
    }

    private static void page(EtcdConnection etcd, String prefix, List<String> excluded, ByteSequence from, long atRevision,
                             Map<String, Entry> acc, CompletableFuture<MirrorSnapshot> result) {
        GetOption.Builder opt = GetOption.builder().withRange(prefixEnd(prefix)).withLimit(PAGE)
                .withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.ASCEND);
        if (atRevision > 0) {
            opt.withRevision(atRevision);
        }
        CompletableFuture<GetResponse> page;
        try {
            page = etcd.client().getKVClient().get(from, opt.build());
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        page.whenCompleteAsync((response, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            long rev = atRevision > 0 ? atRevision : response.getHeader().getRevision();
            KeyValue last = null;
            for (KeyValue kv : response.getKvs()) {
                String key = str(kv.getKey());
                if (excludedBy(excluded, key) == null) {
                    acc.put(key, Entry.of(kv));
                }
                last = kv;
            }
            if (response.isMore() && last != null) {
                page(etcd, prefix, excluded, nextPageStart(excluded, last.getKey()), rev, acc, result);
            } else {
                result.complete(new MirrorSnapshot(acc, rev));
            }
        }, etcd.executor());
    }

    /** The key after {@code last}; when that lies in an excluded range, the first key past the range. */
    private static ByteSequence nextPageStart(List<String> excluded, ByteSequence last) {
        String range = excludedBy(excluded, str(last));
        if (range != null) {
            return prefixEnd(range);
        }
        byte[] k = last.getBytes();
        return ByteSequence.from(java.util.Arrays.copyOf(k, k.length + 1));
    }

    private static String excludedBy(List<String> excluded, String key) {
        for (String x : excluded) {
            if (key.startsWith(x)) {
                return x;
            }
        }
        return null;
    }

    /**
     * The changes that turn {@code before} into this snapshot, in revision order: a PUT for every key that is
     * new or has another mod revision (at that revision), a DELETE for every key that is gone (at the
     * snapshot's revision, the only one known for it).
     */
    List<ChangeEvent> diff(Map<String, Entry> before) {
        List<ChangeEvent> diff = new ArrayList<>();
        for (Entry old : before.values()) {
            if (!entries.containsKey(old.key())) {
                diff.add(new ChangeEvent(ChangeEvent.Type.DELETE, old.key(), null, revision, null, old));
            }
        }
        for (Entry now : entries.values()) {
            Entry old = before.get(now.key());
            if (old == null || old.modRevision() != now.modRevision()) {
                diff.add(new ChangeEvent(ChangeEvent.Type.PUT, now.key(), now.value(), now.modRevision(), now, old));
            }
        }
        diff.sort(Comparator.comparingLong(ChangeEvent::revision));
        return diff;
    }
}
