package dev.beacon.it.registry;

import dev.beacon.core.etcd.Bytes;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.testkit.EtcdExtension;
import io.etcd.jetcd.options.GetOption;

/** Counts keys directly in etcd, the way etcdctl would see them. */
final class EtcdKeys {
    private EtcdKeys() {
    }

    static long count(EtcdExtension etcd, String prefix) {
        EtcdConnection raw = etcd.connection();
        return raw.await("count " + prefix, () -> raw.client().getKVClient().get(Bytes.of(prefix),
                GetOption.builder().isPrefix(true).withCountOnly(true).build())).getCount();
    }
}
