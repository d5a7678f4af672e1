package dev.beacon.it.spring.starter;

import dev.beacon.client.BeaconClient;
import dev.beacon.client.ConfigEvent;
import dev.beacon.client.ConfigView;
import dev.beacon.server.BeaconServer;
import dev.beacon.server.ServerSettings;
import dev.beacon.spring.config.BeaconConfigChangeEvent;
import dev.beacon.spring.config.BeaconImport;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code spring.config.import=beacon:} in a real Spring Boot app against a real Beacon: the precedence of the SCC
 * endpoint, live rebinding and refresh on a change made through the REST API (no refresh call), German and Chinese
 * values intact, and a start from the failover file while every server is down, catching up when one returns.
 */
class StarterConfigIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    @TempDir Path cacheDir;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableConfigurationProperties(ShopProperties.class)
    static class ConfigApp {
        @Bean
        @RefreshScope
        Greeting greeting(@Value("${greeting.text:none}") String text) {
            return new Greeting(text);
        }

        @Bean
        Heard heard() {
            return new Heard();
        }
    }

    @ConfigurationProperties("shop")
    public static class ShopProperties {
        private String name;
        private int size;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public int getSize() {
            return size;
        }

        public void setSize(int size) {
            this.size = size;
        }
    }

    /** A @RefreshScope bean: built again with the new value after a change. */
    public static class Greeting {
        private final String text;

        public Greeting(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** Collects the starter's change events. */
    public static class Heard {
        final List<ConfigEvent> changes = new CopyOnWriteArrayList<>();

        @EventListener
        public void on(BeaconConfigChangeEvent event) {
            changes.addAll(event.changes());
        }
    }

    @BeforeAll
    static void items() {
        TestHttp h = beacon.http();
        put(h, "shop/prod", Map.of("winner", "shop-prod", "shop.name", "Prod Shop"));
        put(h, "application/prod", Map.of("winner", "application-prod", "second", "application-prod"));
        put(h, "shop/eu", Map.of("winner", "shop-eu", "third", "shop-eu"));
        put(h, "application/eu", Map.of("second", "application-eu"));
        put(h, "shop/default", Map.of("winner", "shop", "second", "shop", "third", "shop", "fourth", "shop",
                "shop.size", "5", "greeting.text", "hello"));
        put(h, "application/default", Map.of("winner", "application", "fourth", "application", "fifth", "application"));
        put(h, "intl/default", Map.of("greeting.text", "Grüße aus Köln", "greeting.zh", "你好，世界"));
    }

    private static void put(TestHttp h, String appProfile, Map<String, String> items) {
        assertThat(h.put("/api/v1/config/" + appProfile, json(Map.of("items", items))).status()).isEqualTo(200);
    }

    private ConfigurableApplicationContext start(String app, String servers, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--spring.application.name=" + app, "--spring.config.import=beacon:",
                "--beacon.servers=" + servers, "--beacon.cache-dir=" + cacheDir));
        args.addAll(List.of(more));
        return StarterApps.start(ConfigApp.class, WebApplicationType.NONE, args.toArray(String[]::new));
    }

    @Test
    void theImportLoadsTheProfilesWithTheSccPrecedenceLaterProfilesWinning() {
        try (ConfigurableApplicationContext ctx = start("shop", beacon.url(), "--spring.profiles.active=prod,eu")) {
            Environment env = ctx.getEnvironment();
            assertThat(env.getProperty("winner")).isEqualTo("shop-eu");       // shop-eu > shop-prod > ...
            assertThat(env.getProperty("second")).isEqualTo("application-eu"); // application-eu > application-prod > shop
            assertThat(env.getProperty("third")).isEqualTo("shop-eu");
            assertThat(env.getProperty("fourth")).isEqualTo("shop");           // shop > application
            assertThat(env.getProperty("fifth")).isEqualTo("application");
            assertThat(ctx.getBean(ShopProperties.class).getName()).isEqualTo("Prod Shop");
        }
        try (ConfigurableApplicationContext ctx = start("shop", beacon.url())) {
            assertThat(ctx.getEnvironment().getProperty("winner")).isEqualTo("shop");
            assertThat(ctx.getEnvironment().getProperty("second")).isEqualTo("shop");
        }
    }

    @Test
    void aChangeThroughTheRestApiRebindsPropertiesAndRefreshesRefreshScopeBeansWithoutARefreshCall() {
        try (ConfigurableApplicationContext ctx = start("shop", beacon.url())) {
            ShopProperties shop = ctx.getBean(ShopProperties.class);
            Greeting greeting = ctx.getBean(Greeting.class);
            assertThat(shop.getSize()).isEqualTo(5);
            assertThat(greeting.text()).isEqualTo("hello");

            assertThat(shop.getName()).isNull();
            put(beacon.http(), "shop/default", Map.of("shop.size", "20", "greeting.text", "hello again", "shop.name", "New Shop"));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(shop.getSize()).isEqualTo(20);
                assertThat(shop.getName()).isEqualTo("New Shop"); // a key that did not exist before
                assertThat(greeting.text()).isEqualTo("hello again");
            });
            Heard heard = ctx.getBean(Heard.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard.changes)
                    .extracting(ConfigEvent::key, ConfigEvent::oldValue, ConfigEvent::newValue)
                    .contains(org.assertj.core.groups.Tuple.tuple("shop.size", "5", "20"),
                            org.assertj.core.groups.Tuple.tuple("greeting.text", "hello", "hello again")));
        } finally {
            put(beacon.http(), "shop/default", Map.of("shop.size", "5", "greeting.text", "hello"));
            beacon.http().delete("/api/v1/config/shop/default/shop.name");
        }
    }

    @Test
    void germanAndChineseValuesArriveIntactAtStartAndOnAChange() {
        try (ConfigurableApplicationContext ctx = start("intl", beacon.url())) {
            assertThat(ctx.getEnvironment().getProperty("greeting.zh")).isEqualTo("你好，世界");
            assertThat(ctx.getBean(Greeting.class).text()).isEqualTo("Grüße aus Köln");

            assertThat(beacon.http().putItem("/api/v1/config/intl/default/greeting.text", "早上好，Grüß Gott", null).status()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(ctx.getBean(Greeting.class).text()).isEqualTo("早上好，Grüß Gott"));
        }
    }

    @Test
    void withEveryServerDownTheAppStartsFromTheFailoverFileAndCatchesUpWhenAServerReturns() throws Exception {
        put(beacon.http(), "cache/default", Map.of("shop.name", "Cached Shop", "shop.size", "7"));
        try (ConfigurableApplicationContext first = start("cache", beacon.url())) {
            assertThat(first.getBean(ShopProperties.class).getName()).isEqualTo("Cached Shop");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(cacheDir.resolve("config/cache/default.json"))
                    && Files.exists(cacheDir.resolve("config/application/default.json")));
        }
        int port = StarterApps.freePort();
        try (ConfigurableApplicationContext ctx = start("cache", "http://127.0.0.1:" + port,
                "--beacon.call-timeout=1s", "--beacon.connect-timeout=500ms", "--beacon.request-timeout=500ms")) {
            ShopProperties shop = ctx.getBean(ShopProperties.class);
            assertThat(shop.getName()).isEqualTo("Cached Shop");
            assertThat(shop.getSize()).isEqualTo(7);
            BeaconImport imported = ctx.getBean(BeaconImport.class);
            assertThat(imported.views()).extracting(ConfigView::state).containsOnly(ConfigView.State.FAILOVER);
            HealthIndicator health = (HealthIndicator) ctx.getBean(HealthContributorRegistry.class).getContributor("beacon");
            assertThat(health.health().getStatus()).isEqualTo(Status.UNKNOWN);

            put(beacon.http(), "cache/default", Map.of("shop.size", "8"));   // missed while the app cannot reach a server
            try (BeaconServer back = BeaconServer.start(ServerSettings.forEndpoints(Files.createTempDirectory("beacon-back-"),
                    etcd.endpointArray()).toBuilder().port(port).build())) {
                await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
                    assertThat(shop.getSize()).isEqualTo(8);
                    assertThat(imported.views()).extracting(ConfigView::state).containsOnly(ConfigView.State.LIVE);
                });
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                assertThat(ctx.getBean(BeaconClient.class)).isSameAs(imported.client());
            }
        }
    }
}
