package dev.beacon.it.spring;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.util.Map;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unmodified Spring Boot application with {@code spring-cloud-starter-config} and
 * {@code spring.config.import=configserver:http://127.0.0.1:<port>/scc} starts with Beacon's values, with
 * Spring Cloud Config's precedence between the four sources: {app}-{profile} over application-{profile}
 * over {app} over application.
 */
class SpringConfigClientIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    /** The client application: one bean that takes its values the usual way. */
    @SpringBootConfiguration
    static class DemoApp {
        @Bean
        Greeter greeter(@Value("${greeting.text}") String text, @Value("${server.pool.size:0}") int pool) {
            return new Greeter(text, pool);
        }
    }

    record Greeter(String text, int pool) {
    }

    @BeforeAll
    static void items() {
        TestHttp h = beacon.http();
        put(h, "demo/prod", Map.of("winner", "demo-prod", "greeting.text", "hello from demo-prod"));
        put(h, "application/prod", Map.of("winner", "application-prod", "second", "application-prod"));
        put(h, "demo/default", Map.of("winner", "demo", "second", "demo", "third", "demo", "server.pool.size", "12"));
        put(h, "application/default", Map.of("winner", "application", "second", "application", "third", "application",
                "fourth", "application"));
        put(h, "other/prod", Map.of("winner", "other-prod"));
        put(h, "intl/default", Map.of("greeting.de", "Grüße aus Köln", "greeting.zh", "你好，世界", "greeting.text", "¡hola!"));
    }

    private static void put(TestHttp h, String appProfile, Map<String, String> items) {
        assertThat(h.put("/api/v1/config/" + appProfile, json(Map.of("items", items))).status()).isEqualTo(200);
    }

    private static ConfigurableApplicationContext start(String... args) {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        return new SpringApplicationBuilder(DemoApp.class).web(WebApplicationType.NONE).bannerMode(org.springframework.boot.Banner.Mode.OFF)
                .run(args);
    }

    @Test
    void aSpringBootClientStartsWithBeaconsValuesInSpringCloudConfigPrecedence() {
        try (ConfigurableApplicationContext ctx = start(
                "--spring.application.name=demo",
                "--spring.profiles.active=prod",
                "--spring.config.import=configserver:" + beacon.url() + "/scc",
                "--spring.cloud.config.fail-fast=true")) {
            Environment env = ctx.getEnvironment();
            assertThat(env.getProperty("winner")).isEqualTo("demo-prod");
            assertThat(env.getProperty("second")).isEqualTo("application-prod");
            assertThat(env.getProperty("third")).isEqualTo("demo");
            assertThat(env.getProperty("fourth")).isEqualTo("application");
            Greeter greeter = ctx.getBean(Greeter.class);
            assertThat(greeter.text()).isEqualTo("hello from demo-prod");
            assertThat(greeter.pool()).isEqualTo(12);
        }
    }

    @Test
    void withoutAProfileTheClientSeesTheDefaultSources() {
        try (ConfigurableApplicationContext ctx = start(
                "--spring.application.name=demo",
                "--spring.config.import=configserver:" + beacon.url() + "/scc",
                "--spring.cloud.config.fail-fast=true",
                "--greeting.text=local")) {
            Environment env = ctx.getEnvironment();
            assertThat(env.getProperty("winner")).isEqualTo("demo");
            assertThat(env.getProperty("second")).isEqualTo("demo");
            assertThat(env.getProperty("fourth")).isEqualTo("application");
        }
    }

    @Test
    void germanAndChineseValuesArriveIntact() {
        try (ConfigurableApplicationContext ctx = start(
                "--spring.application.name=intl",
                "--spring.config.import=configserver:" + beacon.url() + "/scc",
                "--spring.cloud.config.fail-fast=true")) {
            Environment env = ctx.getEnvironment();
            assertThat(env.getProperty("greeting.de")).isEqualTo("Grüße aus Köln");
            assertThat(env.getProperty("greeting.zh")).isEqualTo("你好，世界");
            assertThat(ctx.getBean(Greeter.class).text()).isEqualTo("¡hola!");
        }
    }
}
