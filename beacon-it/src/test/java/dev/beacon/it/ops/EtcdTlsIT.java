package dev.beacon.it.ops;

import dev.beacon.core.etcd.EtcdSettings;
import dev.beacon.core.launcher.EtcdNode;
import dev.beacon.server.BeaconServer;
import dev.beacon.server.ServerSettings;
import dev.beacon.testkit.TestCertificates;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/** etcd serving clients over TLS and requiring client certificates (mTLS): Beacon connects with its CA, cert and key. */
class EtcdTlsIT {
    @TempDir static Path dir;
    static EtcdNode etcd;

    @BeforeAll
    static void startTlsEtcd() {
        TestCertificates ca = TestCertificates.authority(dir, 2);
        ca.client("client");
        etcd = ca.startMutualTlsEtcd();
    }

    @AfterAll
    static void stop() {
        if (etcd != null) {
            etcd.kill();
        }
    }

    @Test
    void mutualTlsWithTheRightFilesReadsAndWrites() {
        assertThat(etcd.clientUrl()).startsWith("https://");
        try (BeaconServer server = start(dir.resolve("client.pem"), dir.resolve("client.key"))) {
            TestHttp http = new TestHttp(server.url());
            assertThat(http.post("/set", json(Map.of("key", "tls/k", "value", "encrypted"))).status()).isEqualTo(200);
            assertThat(http.get("/config/tls/k").json().get("value").asText()).isEqualTo("encrypted");
        }
    }

    @Test
    void withoutAClientCertificateEtcdRefusesAndBeaconAnswers503() {
        try (BeaconServer server = start(null, null)) {
            TestHttp.Answer a = new TestHttp(server.url()).post("/set", json(Map.of("key", "tls/k", "value", "x")));
            a.assertError(503, "ETCD_UNAVAILABLE");
        }
    }

    private static BeaconServer start(Path cert, Path key) {
        ServerSettings s = ServerSettings.forEndpoints(dir.resolve("server"), etcd.clientUrl());
        EtcdSettings e = s.externalEtcd().withTls(dir.resolve("ca.pem"), cert, key).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3));
        return BeaconServer.start(s.toBuilder().externalEtcd(e).build());
    }
}
