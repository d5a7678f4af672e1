package dev.beacon.it.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.server.BeaconServer;
import dev.beacon.server.ServerSettings;
import dev.beacon.server.auth.AuthSettings;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static dev.beacon.it.auth.AuthFixture.ADMIN;
import static dev.beacon.it.auth.AuthFixture.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Auth modes: open on loopback by default, refused beyond loopback without auth unless --insecure (then flagged); the failed-auth limit. */
class AuthModesIT {
    @RegisterExtension static EtcdExtension etcd = EtcdExtension.singleNode();
    @TempDir Path dir;

    private ServerSettings base() {
        return ServerSettings.forEndpoints(dir, etcd.endpointArray());
    }

    @Test
    void startingOnAllInterfacesWithoutAuthIsRefusedWithAClearMessage() {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new dev.beacon.server.Main()).setErr(new PrintWriter(err));
        int code = cmd.execute("--host", "0.0.0.0", "--port", "0", "--etcd", String.join(",", etcd.endpointArray()));
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("refusing to listen on 0.0.0.0 without authentication")
                .contains("BEACON_ADMIN_TOKEN").contains("--insecure");
        assertThatThrownBy(() -> BeaconServer.start(base().toBuilder().host("0.0.0.0").build()))
                .hasMessageContaining("refusing to listen on 0.0.0.0");
    }

    @Test
    void withInsecureItStartsAndEveryStartReadyAndTheConsoleSaySo() {
        try (AuthFixture.Logs logs = new AuthFixture.Logs();
             BeaconServer server = BeaconServer.start(base().toBuilder().host("0.0.0.0")
                     .auth(AuthSettings.defaults().withInsecure(true)).build())) {
            TestHttp http = new TestHttp("http://127.0.0.1:" + server.port());
            JsonNode ready = http.get("/ready").json();
            assertThat(ready.path("auth").path("enabled").asBoolean()).isFalse();
            assertThat(ready.path("auth").path("insecure").asBoolean()).isTrue();
            assertThat(ready.path("auth").path("warning").asText()).contains("--insecure");
            JsonNode me = http.get("/api/v1/auth/me").json();
            assertThat(me.path("auth").asText()).isEqualTo("off");
            assertThat(me.path("insecure").asBoolean()).isTrue();
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("WARN") && l.contains("INSECURE") && l.contains("0.0.0.0"));
            // open: anything goes, as on loopback
            assertThat(http.putItem("/api/v1/config/shop/prod/k", "v", null).status()).isEqualTo(200);
        }
    }

    @Test
    void onLoopbackWithoutATokenAuthIsOffAndTheActorHeaderNamesTheWriter() {
        try (BeaconServer server = BeaconServer.start(base())) {
            TestHttp http = new TestHttp(server.url());
            assertThat(http.get("/api/v1/auth/me").json().path("auth").asText()).isEqualTo("off");
            assertThat(http.get("/ready").json().path("auth").path("insecure").isMissingNode()).isTrue();
            assertThat(http.putItem("/api/v1/config/shop/dev/k", "v", null).json().path("updatedBy").asText()).isEqualTo("alice");
            http.post("/api/v1/auth/tokens", "{\"role\":\"read\"}").assertError(400, "BAD_REQUEST", "auth is off");
        }
    }

    @Test
    void failedAuthenticationsAreLimitedPerAddressWith429AndRetryAfter() {
        try (BeaconServer server = BeaconServer.start(AuthFixture.authOn(base(), 3))) {
            TestHttp http = new TestHttp(server.url());
            String bad = "bkn_0123456789abcdef_" + "B".repeat(43);
            for (int i = 0; i < 3; i++) {
                as(http, bad, "GET", "/api/v1/apps", null).assertError(401, "UNAUTHORIZED");
            }
            TestHttp.Answer limited = as(http, bad, "GET", "/api/v1/apps", null).assertError(429, "LIMIT_EXCEEDED", "too many failed");
            assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
            // while limited, even the right token is refused (guessing gains nothing), and logins too
            as(http, ADMIN, "GET", "/api/v1/apps", null).assertError(429, "LIMIT_EXCEEDED");
            http.post("/api/v1/auth/login", "{\"token\":\"" + ADMIN + "\"}").assertError(429, "LIMIT_EXCEEDED");
            // requests without credentials are not failures, and open endpoints stay open
            http.get("/api/v1/apps").assertError(401, "UNAUTHORIZED");
            assertThat(http.get("/ping").status()).isEqualTo(200);
        }
    }

    @Test
    void anEmptyOrMissingAdminTokenFileIsRefusedAtStart(@TempDir Path files) throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new dev.beacon.server.Main()).setErr(new PrintWriter(err));
        Path empty = files.resolve("empty");
        java.nio.file.Files.writeString(empty, "  \n");
        int code = cmd.execute("--admin-token-file", empty.toString(), "--etcd", String.join(",", etcd.endpointArray()), "--port", "0");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("--admin-token-file").contains("is empty");
        StringWriter err2 = new StringWriter();
        int missing = new CommandLine(new dev.beacon.server.Main()).setErr(new PrintWriter(err2)).execute("--admin-token-file",
                files.resolve("absent").toString(), "--etcd", String.join(",", etcd.endpointArray()), "--port", "0");
        assertThat(missing).isNotZero();
        assertThat(err2.toString()).contains("cannot read --admin-token-file");
        StringWriter err3 = new StringWriter();
        Path weak = files.resolve("weak");
        java.nio.file.Files.writeString(weak, "short\n");
        int tooShort = new CommandLine(new dev.beacon.server.Main()).setErr(new PrintWriter(err3)).execute("--admin-token-file",
                weak.toString(), "--etcd", String.join(",", etcd.endpointArray()), "--port", "0");
        assertThat(tooShort).isNotZero();
        assertThat(err3.toString()).contains("at least 24");
    }
}
