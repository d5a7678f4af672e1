package dev.beacon.core.watch;

import io.etcd.jetcd.KeyValue;

import static dev.beacon.core.etcd.Bytes.str;

/** One key as the mirror holds it. {@code value} is the raw bytes as UTF-8 text. */
public record Entry(String key, String value, long createRevision, long modRevision, long version, long lease) {
    /** The one mapping from an etcd key-value to an entry (mirror loads, watch events, direct reads). */
    public static Entry of(KeyValue kv) {
        return new Entry(str(kv.getKey()), str(kv.getValue()), kv.getCreateRevision(), kv.getModRevision(),
                kv.getVersion(), kv.getLease());
    }
}
