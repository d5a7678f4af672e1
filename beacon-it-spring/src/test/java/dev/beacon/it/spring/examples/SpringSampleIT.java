package dev.beacon.it.spring.examples;

import dev.beacon.it.spring.examples.orders.OrdersApplication;
import dev.beacon.it.spring.examples.payments.PaymentsApplication;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Runs docs/spring.md's sample: orders reads live config from Beacon and calls payments by name. */
class SpringSampleIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    @TempDir Path cacheDir;

    private ConfigurableApplicationContext run(Class<?> app, String name, String... more) {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        String[] args = new String[more.length + 6];
        args[0] = "--spring.application.name=" + name;
        args[1] = "--server.port=0";
        args[2] = "--beacon.servers=" + beacon.url();
        args[3] = "--beacon.cache-dir=" + cacheDir;
        args[4] = "--beacon.discovery.address=127.0.0.1";
        args[5] = "--spring.cloud.config.enabled=false";
        System.arraycopy(more, 0, args, 6, more.length);
        return new SpringApplicationBuilder(app).bannerMode(Banner.Mode.OFF).run(args);
    }

    @Test
    void theSampleStartsWithBeaconsConfigFollowsAChangeAndCallsPaymentsByName() {
        TestHttp admin = beacon.http();
        assertThat(admin.put("/api/v1/config/orders/prod", json(Map.of("items", Map.of("orders.max-items", "25", "orders.banner", "Willkommen"))))
                .status()).isEqualTo(200);
        try (ConfigurableApplicationContext payments = run(PaymentsApplication.class, "payments");
             ConfigurableApplicationContext orders = run(OrdersApplication.class, "orders",
                     "--spring.config.import=beacon:", "--spring.profiles.active=prod")) {
            TestHttp http = new TestHttp("http://127.0.0.1:" + ((WebServerApplicationContext) orders).getWebServer().getPort());
            assertThat(http.get("/orders/limits").text()).isEqualTo("Willkommen: up to 25 items in EUR");

            assertThat(admin.putItem("/api/v1/config/orders/prod/orders.max-items", "30", null).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/orders/limits").text().equals("Willkommen: up to 30 items in EUR"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(orders.getBean(OrdersApplication.ChangeLog.class).lines()).contains("orders.max-items: 25 -> 30"));

            // payments is UP once the Beacon servers' first check of its /actuator/health passed (every 10 s by default)
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/orders/pay").text().equals("paid"));
        }
    }
}
