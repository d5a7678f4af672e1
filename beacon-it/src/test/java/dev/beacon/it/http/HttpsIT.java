package dev.beacon.it.http;

import dev.beacon.client.BeaconClient;
import dev.beacon.client.BeaconClientException;
import dev.beacon.server.BeaconServer;
import dev.beacon.server.ServerSettings;
import dev.beacon.server.tls.TlsSettings;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestCertificates;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLSocket;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Beacon over HTTPS with a certificate from a test CA: requests work and carry HSTS, Jetty's own rejections are still
 * Beacon's JSON, plain HTTP on the port gets no answer, a new certificate written over the files is served
 * without a restart, and the SDK and CLI reach the server when given the CA.
 */
class HttpsIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @TempDir static Path dir;
    static TestCertificates ca;
    static Path cert;
    static Path key;
    static BeaconServer server;

    @BeforeAll
    static void start() throws IOException {
        ca = TestCertificates.authority(dir, 2);
        TestCertificates.Issued one = ca.server("beacon-one");
        cert = dir.resolve("served.pem");
        key = dir.resolve("served.key");
        Files.copy(one.cert(), cert);
        Files.copy(one.key(), key);
        ServerSettings s = ServerSettings.forEndpoints(dir.resolve("data"), etcd.endpointArray()).toBuilder()
                .tls(TlsSettings.of(cert, key).withReloadInterval(Duration.ofMillis(200))).build();
        server = BeaconServer.start(s);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static TestHttp https() {
        return new TestHttp(server.url()).withSsl(ca.trusting());
    }

    @Test
    void httpsRequestsWorkAndEveryAnswerCarriesHsts() {
        assertThat(server.url()).startsWith("https://");
        TestHttp.Answer ping = https().get("/ping");
        assertThat(ping.status()).isEqualTo(200);
        assertThat(ping.header("Strict-Transport-Security")).contains("max-age=31536000");
        TestHttp.Answer set = https().post("/set", json(Map.of("key", "tls/k", "value", "verschlüsselt 加密")));
        assertThat(set.status()).isEqualTo(200);
        assertThat(https().get("/config/tls/k").json().get("value").asText()).isEqualTo("verschlüsselt 加密");
        TestHttp.Answer missing = https().get("/api/v1/config/tls/none/k");
        missing.assertError(404, "NOT_FOUND");
        assertThat(missing.header("Strict-Transport-Security")).isNotNull();
    }

    @Test
    void jettysOwnRejectionsOverHttpsAreBeaconsJson() throws IOException {
        String answer = raw("GET /config/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase();
        // rejected by Jetty's parser before any customizer runs: no HSTS on this one, but Beacon's JSON
        assertThat(head).startsWith("http/1.1 400").contains("content-type: application/json");
        assertThat(answer.substring(answer.indexOf("\r\n\r\n"))).contains("\"code\"").contains("\"error\"");
    }

    @Test
    void plainHttpOnTheHttpsPortGetsNoAnswer() {
        TestHttp plain = new TestHttp(server.url().replace("https://", "http://")).withTimeout(Duration.ofSeconds(10));
        TestHttp.Answer a;
        try {
            a = plain.get("/ping");
        } catch (UncheckedIOException refused) {
            return; // the TLS handshake failed and the connection was closed
        }
        assertThat(a.status()).as("a plain HTTP request must not be served: %s", a.text()).isNotEqualTo(200);
        assertThat(a.text()).doesNotContain("pong");
    }

    @Test
    void aNewCertificateWrittenOverTheFilesIsServedWithoutARestart() throws Exception {
        assertThat(servedName()).isEqualTo("CN=beacon-one");
        TestCertificates.Issued two = ca.server("beacon-two");
        Path tmpKey = dir.resolve("served.key.new");
        Path tmpCert = dir.resolve("served.pem.new");
        Files.copy(two.key(), tmpKey);
        Files.copy(two.cert(), tmpCert);
        Files.move(tmpKey, key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmpCert, cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(20)).until(() -> servedName().equals("CN=beacon-two"));
        assertThat(server.tls().reloads()).isPositive();
        assertThat(https().get("/ping").status()).isEqualTo(200);
    }

    @Test
    void aKeyThatIsNotTheCertificatesRefusesToStart() {
        TestCertificates.Issued a = ca.server("mismatch-a");
        TestCertificates.Issued b = ca.server("mismatch-b");
        ServerSettings s = ServerSettings.forEndpoints(dir.resolve("data2"), etcd.endpointArray()).toBuilder()
                .tls(TlsSettings.of(a.cert(), b.key())).build();
        assertThatThrownBy(() -> BeaconServer.start(s)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not the private key of the certificate");
    }

    @Test
    void theSdkReachesTheServerWhenItTrustsTheCaAndNotOtherwise() {
        try (BeaconClient client = BeaconClient.builder().servers(server.url()).trustedCa(ca.ca())
                .callTimeout(Duration.ofSeconds(10)).build()) {
            client.kv().put("tls/sdk", "über TLS", null, null);
            assertThat(client.kv().get("tls/sdk").value()).isEqualTo("über TLS");
        }
        try (BeaconClient untrusting = BeaconClient.builder().servers(server.url()).callTimeout(Duration.ofSeconds(3)).build()) {
            assertThatThrownBy(() -> untrusting.kv().get("tls/sdk")).isInstanceOf(BeaconClientException.class);
        }
    }

    @Test
    void theCliReachesTheServerWithCacert() {
        Map<String, String> env = Map.of("BEACON_SERVER", server.url(), "BEACON_CONFIG", "/nonexistent/beacon-config", "USER", "it");
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = dev.beacon.cli.Main.execute(new String[]{"kv", "put", "tls/cli", "über", "--cacert", ca.ca().toString()}, env,
                new java.io.PrintWriter(out), new java.io.PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        assertThat(https().get("/config/tls/cli").json().get("value").asText()).isEqualTo("über");
        int untrusted = dev.beacon.cli.Main.execute(new String[]{"kv", "get", "tls/cli", "--timeout", "3s"}, env,
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(new java.io.StringWriter()));
        assertThat(untrusted).isNotZero();
        int missingCa = dev.beacon.cli.Main.execute(new String[]{"kv", "get", "tls/cli", "--cacert", dir.resolve("nope.pem").toString()}, env,
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(new java.io.StringWriter()));
        assertThat(missingCa).isEqualTo(2);
    }

    /** The subject of the certificate a new TLS connection is served with. */
    private static String servedName() throws IOException {
        URI base = URI.create(server.url());
        try (SSLSocket s = (SSLSocket) ca.trusting().getSocketFactory().createSocket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }

    private static String raw(String request) throws IOException {
        URI base = URI.create(server.url());
        try (SSLSocket s = (SSLSocket) ca.trusting().getSocketFactory().createSocket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
