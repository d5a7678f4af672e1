package dev.beacon.cli;

import dev.beacon.api.KeyValue;

import java.util.List;

/** The table of raw keys, shared by {@code kv get} and {@code kv ls}. */
final class KvTables {
    private KvTables() {
    }

    static Printer.Table keys(List<KeyValue> kvs) {
        Printer.Table t = new Printer.Table("KEY", "VALUE", "VERSION", "CREATED", "MODIFIED", "LEASE");
        kvs.forEach(kv -> t.row(kv.key(), kv.value(), kv.version(), kv.createRevision(), kv.modRevision(),
                kv.lease() == 0 ? null : Long.toHexString(kv.lease())));
        return t;
    }
}
