package dev.beacon.it.auth;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.beacon.server.ServerSettings;
import dev.beacon.server.auth.AuthSettings;
import dev.beacon.testkit.TestHttp;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared by the auth ITs: an auth-on server's settings, token requests, and a capture of every log line. */
final class AuthFixture {
    static final String ADMIN = "it-admin-token-0123456789-abcdefghij";

    private AuthFixture() {
    }

    /** Auth on with {@link #ADMIN}; failed authentications limited to {@code limit} per minute. */
    static ServerSettings authOn(ServerSettings s, int limit) {
        return s.toBuilder().auth(AuthSettings.defaults().withAdminToken(ADMIN).withFailureLimit(limit, Duration.ofMinutes(1))).build();
    }

    static Map<String, String> bearer(String token) {
        return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
    }

    static TestHttp.Answer as(TestHttp http, String token, String method, String path, String body) {
        return http.send(method, path, body, bearer(token));
    }

    /** Makes a token with the admin token; returns {@code {"id","token",...}}. */
    static TestHttp.Answer issue(TestHttp http, String role, List<String> scopes, Object ttl, String description) {
        Map<String, Object> body = new HashMap<>();
        body.put("role", role);
        body.put("scopes", scopes);
        body.put("description", description);
        if (ttl != null) {
            body.put("ttl", ttl);
        }
        TestHttp.Answer a = as(http, ADMIN, "POST", "/api/v1/auth/tokens", TestHttp.json(body));
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        return a;
    }

    /** Captures every log line of Beacon (access log included) while open. */
    static final class Logs implements AutoCloseable {
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        private final Logger beacon = (Logger) LoggerFactory.getLogger("dev.beacon");
        private final Logger access = (Logger) LoggerFactory.getLogger("beacon.access");
        private final Level beaconLevel = beacon.getLevel();
        private final Level accessLevel = access.getLevel();

        Logs() {
            beacon.setLevel(Level.INFO);
            access.setLevel(Level.INFO);
            appender.start();
            root.addAppender(appender);
        }

        /** Every captured line, formatted, with its MDC and any exception text. */
        List<String> lines() {
            return appender.list.stream().map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage() + " "
                    + e.getMDCPropertyMap() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
        }

        @Override
        public void close() {
            root.detachAppender(appender);
            beacon.setLevel(beaconLevel);
            access.setLevel(accessLevel);
        }
    }
}
