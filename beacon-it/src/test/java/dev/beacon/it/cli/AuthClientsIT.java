package dev.beacon.it.cli;

import dev.beacon.client.BeaconClient;
import dev.beacon.client.BeaconClientException;
import dev.beacon.server.auth.AuthSettings;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SDK and the CLI against an auth-on server: their Bearer tokens work; 401 and 403 are clear errors. */
class AuthClientsIT {
    static final String ADMIN = "it-admin-token-0123456789-abcdefghij";
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd)
            .with(s -> s.toBuilder().auth(AuthSettings.defaults().withAdminToken(ADMIN)).build());

    private static String token(String role, String scope, String description) {
        TestHttp.Answer a = beacon.http().send("POST", "/api/v1/auth/tokens",
                TestHttp.json(Map.of("role", role, "scopes", java.util.List.of(scope), "description", description)),
                Map.of("Authorization", "Bearer " + ADMIN));
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        return a.json().path("token").asText();
    }

    @Test
    void theSdkSendsItsTokenAndReportsMissingAndInsufficientOnesClearly() {
        String writer = token("write", "config:shop/*", "shop deployer");
        String reader = token("read", "config:shop/*", "shop reader");
        try (BeaconClient c = BeaconClient.builder().servers(beacon.url()).token(writer).build()) {
            assertThat(c.configs().set("shop", "prod", "greeting", "你好").updatedBy()).isEqualTo("shop deployer");
            assertThat(c.configs().get("shop", "prod", "greeting").value()).isEqualTo("你好");
            assertThatThrownBy(() -> c.configs().get("other", "prod", "greeting")).isInstanceOfSatisfying(BeaconClientException.class, e -> {
                assertThat(e.status()).isEqualTo(403);
                assertThat(e.kind()).isEqualTo(BeaconClientException.Kind.UNAUTHORIZED);
                assertThat(e.getMessage()).contains("shop deployer").contains("may not");
            });
        }
        try (BeaconClient c = BeaconClient.builder().servers(beacon.url()).token(reader).build()) {
            assertThatThrownBy(() -> c.configs().set("shop", "prod", "greeting", "x"))
                    .isInstanceOfSatisfying(BeaconClientException.class, e -> assertThat(e.status()).isEqualTo(403));
        }
        try (BeaconClient c = BeaconClient.builder().servers(beacon.url()).build()) {
            assertThatThrownBy(() -> c.configs().get("shop", "prod", "greeting")).isInstanceOfSatisfying(BeaconClientException.class, e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.kind()).isEqualTo(BeaconClientException.Kind.UNAUTHORIZED);
                assertThat(e.getMessage()).contains("token");
            });
        }
    }

    @Test
    void theCliSendsItsTokenAndExitsWithTheUnauthorizedCode() {
        String writer = token("write", "config:cli/*", "cli user");
        Cli.Result set = Cli.run(beacon.url(), "--token", writer, "config", "set", "cli", "prod", "k", "Grüße");
        assertThat(set.code()).as(set.err()).isZero();
        Cli.Result viaEnv = Cli.runEnv(Map.of("BEACON_SERVER", beacon.url(), "BEACON_CONFIG", "/nonexistent/beacon-config",
                "BEACON_TOKEN", writer), "config", "get", "cli", "prod", "k");
        assertThat(viaEnv.out().trim()).isEqualTo("Grüße");
        Cli.Result none = Cli.run(beacon.url(), "config", "get", "cli", "prod", "k");
        assertThat(none.code()).isEqualTo(6);
        assertThat(none.err()).contains("token");
        Cli.Result outside = Cli.run(beacon.url(), "--token", writer, "config", "get", "shop", "prod", "k");
        assertThat(outside.code()).isEqualTo(6);
        assertThat(outside.err()).contains("may not");
    }
}
