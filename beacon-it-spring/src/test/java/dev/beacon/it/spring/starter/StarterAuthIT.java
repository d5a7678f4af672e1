package dev.beacon.it.spring.starter;

import dev.beacon.server.auth.AuthSettings;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spring clients against an auth-on Beacon: an unmodified Spring Cloud Config client with
 * {@code spring.cloud.config.username/password} (HTTP Basic, the token as password) reads {@code /scc}; the starter's
 * {@code beacon.token} is sent as a Bearer token; a missing or wrong token fails the start with a clear error.
 */
class StarterAuthIT {
    static final String ADMIN = "it-admin-token-0123456789-abcdefghij";
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd)
            .with(s -> s.toBuilder().auth(AuthSettings.defaults().withAdminToken(ADMIN)).build());
    static String reader;

    @TempDir Path cacheDir;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Greeting greeting(@Value("${greeting.text:none}") String text) {
            return new Greeting(text);
        }
    }

    record Greeting(String text) {
    }

    @BeforeAll
    static void setUp() {
        Map<String, String> admin = Map.of("Authorization", "Bearer " + ADMIN);
        assertThat(beacon.http().send("PUT", "/api/v1/config/shop/prod", TestHttp.json(Map.of("items", Map.of("greeting.text", "Grüße, 你好"))),
                admin).status()).isEqualTo(200);
        TestHttp.Answer token = beacon.http().send("POST", "/api/v1/auth/tokens",
                TestHttp.json(Map.of("role", "read", "scopes", List.of("config:shop/*", "config:application/*"), "description", "shop app")), admin);
        reader = token.json().path("token").asText();
    }

    private static ConfigurableApplicationContext start(String... args) {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).run(args);
    }

    @Test
    void aSpringCloudConfigClientReadsSccWithBasicCredentials() {
        try (ConfigurableApplicationContext ctx = start("--spring.application.name=shop", "--spring.profiles.active=prod",
                "--spring.config.import=configserver:" + beacon.url() + "/scc", "--spring.cloud.config.fail-fast=true",
                "--spring.cloud.config.username=shop", "--spring.cloud.config.password=" + reader)) {
            assertThat(ctx.getBean(Greeting.class).text()).isEqualTo("Grüße, 你好");
        }
        assertThatThrownBy(() -> start("--spring.application.name=shop", "--spring.profiles.active=prod",
                "--spring.config.import=configserver:" + beacon.url() + "/scc", "--spring.cloud.config.fail-fast=true",
                "--spring.cloud.config.username=shop", "--spring.cloud.config.password=wrong"))
                .satisfies(e -> assertThat(chain(e)).contains("401"));
    }

    @Test
    void theStarterSendsItsTokenAndAMissingOneFailsClearly() {
        try (ConfigurableApplicationContext ctx = StarterApps.start(App.class, WebApplicationType.NONE, "--spring.application.name=shop",
                "--spring.profiles.active=prod", "--spring.config.import=beacon:", "--beacon.servers=" + beacon.url(),
                "--beacon.cache-dir=" + cacheDir, "--beacon.token=" + reader)) {
            assertThat(ctx.getBean(Greeting.class).text()).isEqualTo("Grüße, 你好");
        }
        assertThatThrownBy(() -> StarterApps.start(App.class, WebApplicationType.NONE, "--spring.application.name=shop",
                "--spring.profiles.active=prod", "--spring.config.import=beacon:", "--beacon.servers=" + beacon.url(),
                "--beacon.cache-dir=" + cacheDir.resolve("none")))
                .satisfies(e -> assertThat(chain(e)).containsIgnoringCase("token"));
    }

    private static String chain(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t).append('\n');
        }
        return b.toString();
    }
}
