package dev.beacon.it.client;

import dev.beacon.api.ConfigClient;
import dev.beacon.client.BeaconClient;
import dev.beacon.client.BeaconClientException;
import dev.beacon.client.ConfigEvent;
import dev.beacon.client.ConfigView;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A config view against a real server: load, live changes in order, typed getters, failover file, delivery tracking. */
class ConfigViewIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    @TempDir Path cache;

    private BeaconClient client() {
        return BeaconClient.builder().servers(beacon.url()).cacheDir(cache).build();
    }

    @Test
    void aViewLoadsAtOnceAndEveryChangeReachesTheListenerOnceInRevisionOrder() {
        try (BeaconClient beacon = client()) {
            beacon.configs().set("orders", "prod", "pool.size", "10");
            ConfigView cfg = beacon.config("orders", "prod");
            assertThat(cfg.get("pool.size")).isEqualTo("10");
            assertThat(cfg.state()).isEqualTo(ConfigView.State.LIVE);
            List<ConfigEvent> seen = Collections.synchronizedList(new ArrayList<>());
            cfg.onChange(seen::add);
            await().until(() -> beacon.connections() == 1);
            List<Long> written = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                written.add(beacon.configs().set("orders", "prod", "k" + (i % 4), "v" + i).modRevision());
            }
            long batch = beacon.configs().putAll("orders", "prod", Map.of("b1", "x", "b2", "y"), "batch").revision();
            beacon.configs().delete("orders", "prod", "k0", null);
            await().until(() -> seen.size() == 33);
            List<Long> revisions = seen.stream().map(ConfigEvent::revision).toList();
            assertThat(revisions).isSorted();
            assertThat(revisions.subList(0, 30)).containsExactlyElementsOf(written);
            assertThat(revisions.subList(30, 32)).containsOnly(batch);
            assertThat(seen.get(32).deleted()).isTrue();
            assertThat(cfg.get("k0")).isNull();
            assertThat(cfg.get("k1")).isEqualTo("v29");
            assertThat(cfg.revision()).isEqualTo(seen.get(32).revision());
            assertThat(cfg.lastSync()).isNotNull();
        }
    }

    @Test
    void typedGettersParseAndFallBackToTheirDefaults() {
        try (BeaconClient beacon = client()) {
            beacon.configs().putAll("typed", "dev", Map.of("n", "42", "big", "9000000000", "on", "yes", "timeout", "1500ms",
                    "hosts", "a, b,,c"), null);
            ConfigView cfg = beacon.config("typed", "dev");
            assertThat(cfg.getInt("n", 0)).isEqualTo(42);
            assertThat(cfg.getLong("big", 0)).isEqualTo(9_000_000_000L);
            assertThat(cfg.getBoolean("on", false)).isTrue();
            assertThat(cfg.getDuration("timeout", Duration.ZERO)).isEqualTo(Duration.ofMillis(1500));
            assertThat(cfg.getList("hosts", List.of())).containsExactly("a", "b", "c");
            assertThat(cfg.getInt("missing", 7)).isEqualTo(7);
            assertThatThrownBy(() -> cfg.getInt("hosts", 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hosts");
        }
    }

    @Test
    void germanAndChineseValuesArriveIntactInTheViewTheListenerAndTheFailoverFile() throws Exception {
        try (BeaconClient beacon = client()) {
            beacon.configs().set("i18n", "prod", "greeting.de", "Grüße aus Köln – Straße");
            ConfigView cfg = beacon.config("i18n", "prod");
            assertThat(cfg.get("greeting.de")).isEqualTo("Grüße aus Köln – Straße");
            List<ConfigEvent> seen = Collections.synchronizedList(new ArrayList<>());
            cfg.onChange(seen::add);
            await().until(() -> beacon.connections() == 1);
            beacon.configs().set("i18n", "prod", "greeting.zh", "你好，世界");
            await().until(() -> seen.size() == 1);
            assertThat(seen.get(0).newValue()).isEqualTo("你好，世界");
            assertThat(cfg.get("greeting.zh")).isEqualTo("你好，世界");
            await().until(() -> Files.readString(cfg.failoverFile(), StandardCharsets.UTF_8).contains("你好，世界"));
            assertThat(Files.readString(cfg.failoverFile(), StandardCharsets.UTF_8)).contains("Grüße aus Köln – Straße");
        }
    }

    @Test
    void aSlowListenerStallsNeitherTheOtherListenersNorTheView() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (BeaconClient beacon = client()) {
            ConfigView cfg = beacon.config("slow", "prod");
            List<ConfigEvent> fast = Collections.synchronizedList(new ArrayList<>());
            List<ConfigEvent> slow = Collections.synchronizedList(new ArrayList<>());
            cfg.onChange(e -> {
                try {
                    release.await();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                slow.add(e);
            });
            cfg.onChange(fast::add);
            await().until(() -> beacon.connections() == 1);
            for (int i = 0; i < 20; i++) {
                beacon.configs().set("slow", "prod", "k", "v" + i);
            }
            await().until(() -> fast.size() == 20);
            assertThat(cfg.get("k")).isEqualTo("v19");
            assertThat(slow).isEmpty();
            release.countDown();
            await().until(() -> slow.size() == 20);
            assertThat(slow.stream().map(ConfigEvent::newValue).toList()).isEqualTo(fast.stream().map(ConfigEvent::newValue).toList());
        } finally {
            release.countDown();
        }
    }

    @Test
    void theClientsEndpointShowsEachViewsAppliedRevisionAndDropsAClosedClient() {
        BeaconClient first = BeaconClient.builder().servers(beacon.url()).instanceId("web-1").build();
        try (BeaconClient second = BeaconClient.builder().servers(beacon.url()).instanceId("web-2").build()) {
            first.configs().set("tracked", "prod", "a", "1");
            ConfigView one = first.config("tracked", "prod");
            ConfigView two = second.config("tracked", "prod");
            await().until(() -> revisions(second).equals(Map.of("web-1", one.revision(), "web-2", two.revision())));
            long changed = first.configs().set("tracked", "prod", "a", "2").modRevision();
            await().until(() -> revisions(second).equals(Map.of("web-1", changed, "web-2", changed)));
            ConfigClient web1 = second.configs().clients("tracked", "prod").clients().get(0);
            assertThat(web1.instanceId()).isEqualTo("web-1");
            assertThat(web1.current()).isTrue();
            assertThat(web1.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(web1.sdkVersion()).isNotBlank();
            assertThat(web1.since()).isNotBlank();
            assertThat(second.configs().clients("tracked", "prod").latestChange()).isEqualTo(changed);
            first.close();
            await().until(() -> revisions(second).keySet().equals(java.util.Set.of("web-2")));
        } finally {
            first.close();
        }
    }

    @Test
    void aViewOfAnUnreachableServerWithoutAFailoverFileFailsWithUnavailable() {
        try (BeaconClient nowhere = BeaconClient.builder().servers("http://127.0.0.1:1").callTimeout(Duration.ofSeconds(1))
                .cacheDir(cache).build()) {
            assertThatThrownBy(() -> nowhere.config("orders", "prod")).isInstanceOfSatisfying(BeaconClientException.class,
                    e -> assertThat(e.kind()).isEqualTo(BeaconClientException.Kind.UNAVAILABLE));
        }
    }

    @Test
    void serverErrorsKeepTheirCodeStatusAndMessage() {
        try (BeaconClient beacon = client()) {
            assertThatThrownBy(() -> beacon.configs().get("orders", "prod", "no.such.key")).isInstanceOfSatisfying(
                    BeaconClientException.class, e -> {
                        assertThat(e.kind()).isEqualTo(BeaconClientException.Kind.NOT_FOUND);
                        assertThat(e.status()).isEqualTo(404);
                    });
            long rev = beacon.configs().set("orders", "prod", "cas", "1").modRevision();
            assertThatThrownBy(() -> beacon.configs().set("orders", "prod", "cas", "2", rev - 1, null)).isInstanceOfSatisfying(
                    BeaconClientException.class, e -> assertThat(e.kind()).isEqualTo(BeaconClientException.Kind.CONFLICT));
        }
    }

    private static Map<String, Long> revisions(BeaconClient c) {
        Map<String, Long> m = new java.util.TreeMap<>();
        c.configs().clients("tracked", "prod").clients().forEach(x -> m.put(x.instanceId(), x.revision()));
        return m;
    }
}
