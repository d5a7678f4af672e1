package dev.beacon.api;

import java.util.List;

/** Answer of {@code GET /api/v1/kv/{key}}: the keys, the revision they were read at, and whether more exist past the limit. */
public record KvList(List<KeyValue> kvs, long revision, boolean more) {
}
