package dev.beacon.it.ops;

import dev.beacon.core.etcd.EtcdSettings;
import dev.beacon.core.launcher.EtcdNode;
import dev.beacon.server.BeaconServer;
import dev.beacon.server.ServerSettings;
import dev.beacon.testkit.TestCertificates;
import dev.beacon.testkit.TestHttp;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The doctor against etcd over mTLS with a certificate that expires in two days: the endpoint check reads the
 * member's certificate (the handshake needs no client certificate for that) and warns that it expires soon.
 */
class DoctorTlsIT {
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
    void aCertificateThatExpiresSoonIsAWarningNamingItsSubject() {
        ServerSettings s = ServerSettings.forEndpoints(dir.resolve("server"), etcd.clientUrl());
        EtcdSettings e = s.externalEtcd().withTls(dir.resolve("ca.pem"), dir.resolve("client.pem"), dir.resolve("client.key"))
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3));
        try (BeaconServer server = BeaconServer.start(s.toBuilder().externalEtcd(e).build())) {
            TestHttp http = new TestHttp(server.url());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode endpoint = DoctorIT.check(http.get("/api/v1/doctor").json().get("checks"), "etcd endpoint " + etcd.clientUrl());
                assertThat(endpoint.get("status").asText()).isEqualTo("WARN");
                assertThat(endpoint.get("detail").asText()).contains("TLS certificate").contains("expires in 1 days");
                assertThat(endpoint.get("hint").asText()).contains("CN=server");
            });
        }
    }
}
