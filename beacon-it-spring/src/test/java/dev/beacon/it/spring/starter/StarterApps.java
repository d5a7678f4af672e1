package dev.beacon.it.spring.starter;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Starts the starter ITs' Spring Boot apps: no banner, no Spring logging system (the test's logback config stays). */
final class StarterApps {
    private StarterApps() {
    }

    static ConfigurableApplicationContext start(Class<?> app, WebApplicationType web, String... args) {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        String[] all = new String[args.length + 1];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--spring.cloud.config.enabled=false"; // spring-cloud-starter-config is on this module's class path too
        return new SpringApplicationBuilder(app).web(web).bannerMode(Banner.Mode.OFF).run(all);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
