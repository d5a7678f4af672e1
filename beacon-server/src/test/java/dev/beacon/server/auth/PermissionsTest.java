package dev.beacon.server.auth;

import dev.beacon.server.ServerSettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PermissionsTest {
    private static final Pattern ROUTE = Pattern.compile("r\\.(get|post|put|delete|ws)\\(\"([^\"]+)\"");

    /** Every route of the route table, as "METHOD template". */
    static Set<String> routes() throws IOException {
        String source = Files.readString(Path.of("src/main/java/dev/beacon/server/http/Routes.java"));
        Set<String> routes = new LinkedHashSet<>();
        Matcher m = ROUTE.matcher(source);
        while (m.find()) {
            routes.add(m.group(1).toUpperCase(Locale.ROOT) + " " + m.group(2));
        }
        return routes;
    }

    @Test
    void everyRouteOfTheRouteTableHasARowInThePermissionTable() throws IOException {
        Set<String> routes = routes();
        assertThat(routes).hasSizeGreaterThan(60);
        assertThat(new Permissions("/beacon").rules().keySet()).containsAll(routes);
    }

    @Test
    void aRouteMissingFromTheTableIsAdminOnly() {
        Permissions.Rule rule = new Permissions("/beacon").rule("GET /api/v1/something-new");
        assertThat(rule.open()).isFalse();
        assertThat(rule.role()).isEqualTo(dev.beacon.core.auth.Role.ADMIN);
    }

    @Test
    void onlyProbesLoginAndTheConsoleEntryAreOpen() {
        var open = new Permissions("/beacon").rules().entrySet().stream().filter(e -> e.getValue().open()).map(e -> e.getKey()).toList();
        assertThat(open).containsExactlyInAnyOrder("GET /ping", "GET /health", "GET /ready", "POST /api/v1/auth/login",
                "POST /api/v1/auth/logout", "GET /api/v1/auth/me", "GET /", "GET /ui");
    }

    @Test
    void listeningBeyondLoopbackWithoutAuthIsRefusedUnlessInsecure() {
        ServerSettings loopback = ServerSettings.builder().build();
        assertThat(loopback.openBeyondLoopback()).isFalse();
        assertThatThrownBy(() -> loopback.toBuilder().host("0.0.0.0").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refusing to listen on 0.0.0.0 without authentication")
                .hasMessageContaining("--insecure");
        ServerSettings insecure = loopback.toBuilder().host("0.0.0.0").auth(AuthSettings.defaults().withInsecure(true)).build();
        assertThat(insecure.openBeyondLoopback()).isTrue();
        ServerSettings closed = loopback.toBuilder().host("0.0.0.0")
                .auth(AuthSettings.defaults().withAdminToken("a-very-long-admin-token-of-test")).build();
        assertThat(closed.openBeyondLoopback()).isFalse();
    }

    @Test
    void aShortAdminTokenIsRefusedAndSettingsNeverPrintIt() {
        assertThatThrownBy(() -> AuthSettings.defaults().withAdminToken("short")).hasMessageContaining("at least 24");
        AuthSettings s = AuthSettings.defaults().withAdminToken("a-very-long-admin-token-of-test").withFailureLimit(3, Duration.ofMinutes(1));
        assertThat(s.toString()).doesNotContain("a-very-long-admin-token-of-test");
        assertThat(ServerSettings.builder().auth(s).build().toString()).doesNotContain("a-very-long-admin-token-of-test");
    }
}
