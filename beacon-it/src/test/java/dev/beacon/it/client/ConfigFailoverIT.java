package dev.beacon.it.client;

import dev.beacon.client.BeaconClient;
import dev.beacon.client.ConfigEvent;
import dev.beacon.client.ConfigView;
import dev.beacon.core.etcd.Bytes;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Config views through server outages: the failover file when every server is down, failover between two servers. */
class ConfigFailoverIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();

    @TempDir Path cache;
    private BeaconExtension servers;

    @AfterEach
    void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    private static long putRaw(EtcdConnection c, String key, String value) {
        return c.await("put " + key, () -> c.client().getKVClient().put(Bytes.of(key), Bytes.of(value))).getHeader().getRevision();
    }

    @Test
    void withEveryServerStoppedAFreshClientStartsFromTheFailoverFileAndCatchesUpWhenAServerReturns() throws Exception {
        servers = BeaconExtension.on(etcd, 1).start();
        long saved;
        try (BeaconClient first = BeaconClient.builder().servers(servers.urls()).cacheDir(cache).build()) {
            first.configs().set("shop", "prod", "db.url", "jdbc:postgresql://db/shop");
            ConfigView cfg = first.config("shop", "prod");
            saved = cfg.revision();
            await().until(() -> Files.isRegularFile(cfg.failoverFile()));
        }
        servers.stop(0);
        // a change made while no Beacon server runs (straight into etcd, as etcdctl would)
        long missed = putRaw(etcd.connection(), "/beacon/config/shop/prod/db.url", "jdbc:postgresql://db2/shop");

        try (BeaconClient fresh = BeaconClient.builder().servers(servers.urls()).cacheDir(cache)
                .callTimeout(Duration.ofSeconds(2)).build()) {
            ConfigView cfg = fresh.config("shop", "prod");
            assertThat(cfg.state()).isEqualTo(ConfigView.State.FAILOVER);
            assertThat(cfg.stale()).isTrue();
            assertThat(cfg.lastSync()).isNull();
            assertThat(cfg.revision()).isEqualTo(saved);
            assertThat(cfg.get("db.url")).isEqualTo("jdbc:postgresql://db/shop");
            List<ConfigEvent> seen = Collections.synchronizedList(new ArrayList<>());
            cfg.onChange(seen::add);

            servers.start(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> cfg.state() == ConfigView.State.LIVE && cfg.revision() >= missed);
            assertThat(cfg.get("db.url")).isEqualTo("jdbc:postgresql://db2/shop");
            await().until(() -> seen.size() == 1);
            assertThat(seen.get(0).revision()).isEqualTo(missed);
            assertThat(seen.get(0).oldValue()).isEqualTo("jdbc:postgresql://db/shop");
            assertThat(cfg.lastSync()).isNotNull();
        }
    }

    @Test
    void aViewWhoseRevisionWasCompactedAwayReloadsAndItsListenersGetTheDifference() throws Exception {
        servers = BeaconExtension.on(etcd, 1).start();
        try (BeaconClient first = BeaconClient.builder().servers(servers.urls()).cacheDir(cache).build()) {
            first.configs().putAll("inv", "prod", java.util.Map.of("keep", "1", "change", "old", "drop", "x"), null);
            ConfigView cfg = first.config("inv", "prod");
            await().until(() -> Files.isRegularFile(cfg.failoverFile()));
        }
        servers.stop(0);
        EtcdConnection raw = etcd.connection();
        putRaw(raw, "/beacon/config/inv/prod/change", "new");
        raw.await("delete", () -> raw.client().getKVClient().delete(Bytes.of("/beacon/config/inv/prod/drop")));
        long added = putRaw(raw, "/beacon/config/inv/prod/added", "+");
        etcd.faults().compact(); // the history the view would resume from is gone

        try (BeaconClient fresh = BeaconClient.builder().servers(servers.urls()).cacheDir(cache)
                .callTimeout(Duration.ofSeconds(2)).build()) {
            ConfigView cfg = fresh.config("inv", "prod");
            assertThat(cfg.state()).isEqualTo(ConfigView.State.FAILOVER);
            List<ConfigEvent> seen = Collections.synchronizedList(new ArrayList<>());
            cfg.onChange(seen::add);
            servers.start(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> cfg.revision() >= added && cfg.state() == ConfigView.State.LIVE);
            await().until(() -> seen.size() == 3);
            assertThat(cfg.values()).isEqualTo(java.util.Map.of("keep", "1", "change", "new", "added", "+"));
            assertThat(seen).extracting(ConfigEvent::key).containsExactlyInAnyOrder("change", "drop", "added");
            assertThat(seen).filteredOn(e -> e.key().equals("drop")).allMatch(ConfigEvent::deleted);
        }
    }

    @Test
    void whenOneOfTwoServersStopsCallsAndTheStreamFailOverAndNoChangeIsMissedOrRepeated() throws Exception {
        servers = BeaconExtension.on(etcd, 2).start();
        try (BeaconClient client = BeaconClient.builder().servers(servers.urls()).cacheDir(cache).build()) {
            ConfigView cfg = client.config("pay", "prod");
            List<ConfigEvent> seen = Collections.synchronizedList(new ArrayList<>());
            cfg.onChange(seen::add);
            await().until(() -> client.connections() == 1);
            List<Long> written = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    written.add(client.configs().set("pay", "prod", "k" + (i % 5), "v" + i).modRevision());
                }
            });
            writer.start();
            try {
                await().until(() -> written.size() >= 20);
                servers.stop(0); // the first server: where the client's calls and its stream went
                int atStop = written.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> written.size() >= atStop + 20);
            } finally {
                stop.set(true);
                writer.join();
            }
            long last = written.get(written.size() - 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> cfg.revision() >= last && seen.size() >= written.size());
            List<Long> revisions = seen.stream().map(ConfigEvent::revision).toList();
            assertThat(revisions).isSorted().doesNotHaveDuplicates().containsAll(written);
            // a write whose answer was lost when its server stopped may have happened and been retried on the other
            // server: the view must then show that change too. Every change in etcd's history, exactly once:
            await().untilAsserted(() -> assertThat(revisions).containsExactlyElementsOf(history(client)));
            assertThat(cfg.state()).isEqualTo(ConfigView.State.LIVE);
        }
    }

    private static List<Long> history(BeaconClient client) {
        List<Long> all = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            client.configs().history("pay", "prod", "k" + k).forEach(h -> all.add(h.modRevision()));
        }
        Collections.sort(all);
        return all;
    }
}
