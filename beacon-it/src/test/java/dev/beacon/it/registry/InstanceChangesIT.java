package dev.beacon.it.registry;

import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.registry.Discovery;
import dev.beacon.core.registry.InstanceChange;
import dev.beacon.core.registry.ServiceSettingsStore;
import dev.beacon.core.watch.ChangeEvent;
import dev.beacon.core.watch.PrefixMirror;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.beacon.testkit.TestHttp.instance;
import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link Discovery#change}: the mirror's key changes of a service become one instance change each (what watchers get). */
class InstanceChangesIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    @Test
    void joinStatusChangeAndLeaveEachMapToOneInstanceChange() throws Exception {
        KeyLayout keys = KeyLayout.defaults();
        List<InstanceChange> seen = new CopyOnWriteArrayList<>();
        try (PrefixMirror mirror = new PrefixMirror(etcd.connection(), keys.rootPrefix(), keys.unmirrored(), 1000)) {
            Discovery discovery = new Discovery(mirror, keys, null, null, new ServiceSettingsStore(etcd.connection(), mirror, keys, new dev.beacon.core.WriteSeam()));
            List<String> prefixes = discovery.watchPrefixes("watched");
            assertThat(prefixes).containsExactly("/beacon/services/watched/", "/beacon/health/watched/");
            mirror.addListener((changes, revision) -> {
                for (ChangeEvent e : changes) {
                    if (prefixes.stream().anyMatch(e.key()::startsWith)) {
                        discovery.change(e).ifPresent(seen::add);
                    }
                }
            });
            mirror.start().get();

            TestHttp http = beacon.http();
            long registered = http.put("/api/v1/services/watched/instances/w-1", instance("10.9.0.1", 80)).revision();
            http.put("/api/v1/services/watched/instances/w-1/status", json(Map.of("status", "DRAINING")));
            long removed = http.delete("/api/v1/services/watched/instances/w-1").revision();

            await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() >= 3);
            assertThat(seen).extracting(InstanceChange::type)
                    .containsExactly(ChangeEvent.Type.PUT, ChangeEvent.Type.PUT, ChangeEvent.Type.DELETE);
            assertThat(seen.get(0).revision()).isEqualTo(registered);
            assertThat(seen.get(0).instance().status()).isEqualTo("UP");
            assertThat(seen.get(1).instance().status()).isEqualTo("DRAINING");
            assertThat(seen.get(2).revision()).isEqualTo(removed);
            assertThat(seen.get(2).instance().id()).isEqualTo("w-1");
            assertThat(seen.get(2).instance().address()).isEqualTo("10.9.0.1");
            assertThat(seen.get(2).instance().status()).isEqualTo("DOWN");
        }
    }
}
