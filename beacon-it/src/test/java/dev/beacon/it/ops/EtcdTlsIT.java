package dev.beacon.it.ops;

import dev.beacon.core.etcd.EtcdSettings;
import dev.beacon.core.launcher.EtcdBinary;
import dev.beacon.core.launcher.EtcdNode;
import dev.beacon.server.BeaconServer;
import dev.beacon.server.ServerSettings;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/** etcd serving clients over TLS and requiring client certificates (mTLS): Beacon connects with its CA, cert and key. */
class EtcdTlsIT {
    @TempDir static Path dir;
    static EtcdNode etcd;

    @BeforeAll
    static void startTlsEtcd() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=beacon-test-ca",
                "-keyout", "ca.key", "-out", "ca.pem");
        for (String who : List.of("server", "client")) {
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + who, "-keyout", who + ".key", "-out", who + ".csr");
            Files.writeString(dir.resolve(who + ".ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                    + "extendedKeyUsage=" + (who.equals("server") ? "serverAuth,clientAuth" : "clientAuth") + "\n");
            openssl("x509", "-req", "-in", who + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-days", "2", "-extfile", who + ".ext", "-out", who + ".pem");
        }
        int peer = EtcdNode.freePort();
        etcd = new EtcdNode(EtcdBinary.find(), "tls", dir.resolve("etcd"), dir.resolve("etcd.log"), EtcdNode.freePort(), peer,
                EtcdNode.freePort(), new EtcdNode.TlsFiles(dir.resolve("ca.pem"), dir.resolve("server.pem"), dir.resolve("server.key")),
                "tls=http://127.0.0.1:" + peer, "beacon-tls", List.of());
        etcd.start();
        etcd.awaitHealthy(Duration.ofSeconds(30));
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

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl %s: %s", String.join(" ", args), out).isZero();
    }
}
