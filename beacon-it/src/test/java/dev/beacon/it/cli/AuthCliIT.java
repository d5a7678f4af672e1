package dev.beacon.it.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.it.cli.Cli.Result;
import dev.beacon.server.auth.AuthSettings;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code beacon auth token create|ls|revoke} (and through it the SDK's {@code client.auth()}) against an auth-on server:
 * the token is printed once and works within its role and scope, ls never shows a secret, a revoked token gets 401,
 * an unknown id exits with the not-found code.
 */
class AuthCliIT {
    static final String ADMIN = "it-admin-token-0123456789-abcdefghij";
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd)
            .with(s -> s.toBuilder().auth(AuthSettings.defaults().withAdminToken(ADMIN)).build());

    @Test
    void aTokenIsCreatedListedWithoutItsSecretUsedWithinItsScopeAndRevoked(@TempDir Path dir) throws Exception {
        Result seed = Cli.run(beacon.url(), "--token", ADMIN, "config", "set", "shop", "prod", "greeting", "你好 München");
        assertThat(seed.code()).as(seed.err()).isZero();

        Result created = Cli.run(beacon.url(), "--token", ADMIN, "auth", "token", "create", "--role", "read",
                "--scope", "config:shop/*", "--description", "部署机器人");
        assertThat(created.code()).as(created.err()).isZero();
        List<String> lines = created.lines();
        String token = lines.get(0);
        assertThat(token).startsWith("bkn_").doesNotContain(" ");
        String id = token.split("_")[1];
        assertThat(id).matches("[0-9a-f]{16}");
        assertThat(lines.get(1)).startsWith("id " + id);

        Result read = Cli.run(beacon.url(), "--token", token, "config", "get", "shop", "prod", "greeting");
        assertThat(read.code()).as(read.err()).isZero();
        assertThat(read.out().strip()).isEqualTo("你好 München");
        Result write = Cli.run(beacon.url(), "--token", token, "config", "set", "shop", "prod", "greeting", "x");
        assertThat(write.code()).as(write.out()).isEqualTo(6);
        assertThat(write.err()).contains("部署机器人").contains("may not");
        assertThat(Cli.run(beacon.url(), "--token", ADMIN, "config", "get", "shop", "prod", "greeting").out().strip())
                .isEqualTo("你好 München");

        Result json = Cli.run(beacon.url(), "--token", ADMIN, "-o", "json", "auth", "token", "create", "--role", "write",
                "--scope", "config:shop/*", "--ttl", "720h", "--description", "Größe");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode j = json.json();
        assertThat(j.path("token").asText()).startsWith("bkn_" + j.path("id").asText() + "_");
        assertThat(j.path("role").asText()).isEqualTo("write");
        assertThat(j.path("scopes").get(0).asText()).isEqualTo("config:shop/*");
        assertThat(j.path("description").asText()).isEqualTo("Größe");
        assertThat(j.path("expiresAt").asLong()).isGreaterThan(System.currentTimeMillis() + TimeUnit.HOURS.toMillis(700));

        Result ls = Cli.run(beacon.url(), "--token", ADMIN, "-o", "table", "auth", "token", "ls");
        assertThat(ls.code()).as(ls.err()).isZero();
        assertThat(ls.lines().get(0)).contains("ID").contains("ROLE").contains("SCOPES").contains("DESCRIPTION")
                .contains("CREATED").contains("EXPIRES").contains("CREATED BY");
        assertThat(ls.out()).contains(id).contains("部署机器人").contains("config:shop/*").contains("Größe")
                .doesNotContain(token).doesNotContain(j.path("token").asText()).doesNotContain("bkn_");
        String row = ls.lines().stream().filter(l -> l.startsWith(id)).findFirst().orElseThrow();
        assertThat(row).contains("read").contains("admin");
        Result lsJson = Cli.run(beacon.url(), "--token", ADMIN, "-o", "json", "auth", "token", "ls");
        assertThat(lsJson.out()).doesNotContain("bkn_").doesNotContain("hash");
        assertThat(lsJson.json().path("tokens")).anySatisfy(t -> {
            assertThat(t.path("id").asText()).isEqualTo(id);
            assertThat(t.path("description").asText()).isEqualTo("部署机器人");
            assertThat(t.has("expiresAt")).isFalse();
            assertThat(t.path("createdAt").asLong()).isPositive();
        });

        // a real process under a Latin-1 platform encoding still prints the description as UTF-8
        List<String> latin1 = List.of("-Dfile.encoding=ISO-8859-1", "-Dsun.stdout.encoding=ISO-8859-1", "-Dstdout.encoding=ISO-8859-1");
        Process p = Cli.start(dir, "ls", latin1, beacon.url(), "--token", ADMIN, "auth", "token", "ls");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("ls.out"), StandardCharsets.UTF_8)).contains(id + "\tread\tconfig:shop/*\t部署机器人\t");

        Result revoked = Cli.run(beacon.url(), "--token", ADMIN, "auth", "token", "revoke", id);
        assertThat(revoked.code()).as(revoked.err()).isZero();
        assertThat(revoked.out().strip()).isEqualTo("revoked " + id);
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            Result refused = Cli.run(beacon.url(), "--token", token, "config", "get", "shop", "prod", "greeting");
            assertThat(refused.code()).isEqualTo(6);
            assertThat(refused.err()).contains("token");
        });
        assertThat(Cli.run(beacon.url(), "--token", ADMIN, "auth", "token", "ls").out()).doesNotContain(id);

        Result unknown = Cli.run(beacon.url(), "--token", ADMIN, "auth", "token", "revoke", id);
        assertThat(unknown.code()).as(unknown.out()).isEqualTo(3);
        assertThat(unknown.err()).startsWith("beacon: ").contains(id).doesNotContain("\tat ");
        assertThat(unknown.out()).isEmpty();

        Result malformed = Cli.run(beacon.url(), "--token", ADMIN, "auth", "token", "revoke", "nope");
        assertThat(malformed.code()).isEqualTo(2);
        assertThat(malformed.err()).contains("16 hex digits");

        Result notAdmin = Cli.run(beacon.url(), "--token", j.path("token").asText(), "auth", "token", "ls");
        assertThat(notAdmin.code()).isEqualTo(6);
        Result badRole = Cli.run(beacon.url(), "--token", ADMIN, "auth", "token", "create", "--role", "root");
        assertThat(badRole.code()).isEqualTo(2);
        assertThat(badRole.err()).contains("root");
    }
}
