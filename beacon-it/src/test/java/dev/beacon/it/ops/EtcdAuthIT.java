package dev.beacon.it.ops;

import dev.beacon.core.etcd.EtcdSettings;
import dev.beacon.server.BeaconServer;
import dev.beacon.server.ServerSettings;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** etcd with user/password auth on: Beacon works with the right credentials and says clearly when they are wrong. */
class EtcdAuthIT {
    @RegisterExtension static EtcdExtension etcd = EtcdExtension.singleNode();
    @TempDir static Path dir;

    @BeforeAll
    static void enableAuth() throws Exception {
        etcdctl("user", "add", "root:s3cret", "--interactive=false");
        etcdctl("auth", "enable");
    }

    @Test
    void rightCredentialsReadAndWrite() {
        try (BeaconServer server = start("root", "s3cret")) {
            TestHttp http = new TestHttp(server.url());
            assertThat(http.post("/set", json(Map.of("key", "secured", "value", "yes"))).status()).isEqualTo(200);
            assertThat(http.get("/config/secured").json().get("value").asText()).isEqualTo("yes");
            await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/ready").status() == 200);
        }
    }

    @Test
    void wrongPasswordAnswers503WithAHintAboutCredentials() {
        try (BeaconServer server = start("root", "wrong")) {
            TestHttp http = new TestHttp(server.url());
            TestHttp.Answer a = http.post("/set", json(Map.of("key", "secured", "value", "no")));
            a.assertError(503, "ETCD_UNAVAILABLE");
            assertThat(a.text()).containsIgnoringCase("credentials");
        }
    }

    private static BeaconServer start(String user, String password) {
        ServerSettings s = ServerSettings.forEndpoints(dir, etcd.endpointArray());
        EtcdSettings e = s.externalEtcd().withAuth(user, password).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3));
        return BeaconServer.start(s.toBuilder().externalEtcd(e).build());
    }

    private static void etcdctl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("etcdctl", "--endpoints=" + etcd.endpoints().get(0)));
        cmd.addAll(List.of(args));
        if (!args[0].equals("user")) {
            cmd.add("--user=root:s3cret");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
