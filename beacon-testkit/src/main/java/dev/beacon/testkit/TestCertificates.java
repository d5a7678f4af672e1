package dev.beacon.testkit;

import dev.beacon.core.launcher.EtcdBinary;
import dev.beacon.core.launcher.EtcdNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away certificate authority for TLS tests, made with the {@code openssl} command in a directory of the
 * test's: {@code ca.pem}/{@code ca.key}, and certificates it issues for 127.0.0.1 and localhost
 * ({@code {name}.pem}, with the PKCS#8 key {@code {name}.key}). Certificates are valid for {@code days} days.
 */
public final class TestCertificates {
    private final Path dir;
    private final int days;

    private TestCertificates(Path dir, int days) {
        this.dir = dir;
        this.days = days;
    }

    /** Creates the CA (subject {@code CN=beacon-test-ca}) in {@code dir}; its certificates are valid for {@code days} days. */
    public static TestCertificates authority(Path dir, int days) {
        TestCertificates ca = new TestCertificates(dir, days);
        ca.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", Integer.toString(days), "-subj", "/CN=beacon-test-ca",
                "-keyout", "ca.key", "-out", "ca.pem");
        return ca;
    }

    /** A certificate and its key. */
    public record Issued(Path cert, Path key) {
    }

    /** The CA's certificate (PEM). */
    /**
     * Starts a single etcd member serving clients over TLS with a certificate of this authority and requiring client
     * certificates (mTLS; {@link #client} issues one), its data and log in this authority's directory. Kill it when done.
     */
    public EtcdNode startMutualTlsEtcd() {
        Issued server = server("server");
        int peer = EtcdNode.freePort();
        var etcd = new EtcdNode(EtcdBinary.find(), "tls", dir.resolve("etcd"),
                dir.resolve("etcd.log"), EtcdNode.freePort(), peer, EtcdNode.freePort(),
                new EtcdNode.TlsFiles(ca(), server.cert(), server.key()),
                "tls=http://127.0.0.1:" + peer, "beacon-tls", List.of());
        etcd.start();
        etcd.awaitHealthy(Duration.ofSeconds(30));
        return etcd;
    }

    public Path ca() {
        return dir.resolve("ca.pem");
    }

    /** A server certificate (serverAuth and clientAuth, as etcd members use theirs) named {@code CN=name}. */
    public Issued server(String name) {
        return issue(name, "serverAuth,clientAuth");
    }

    /** A client certificate named {@code CN=name}. */
    public Issued client(String name) {
        return issue(name, "clientAuth");
    }

    private Issued issue(String name, String usage) {
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + name, "-keyout", name + ".key", "-out", name + ".csr");
        try {
            Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=" + usage + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", Integer.toString(days), "-extfile", name + ".ext", "-out", name + ".pem");
        return new Issued(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
    }

    /** An SSL context that trusts this CA only. */
    public SSLContext trusting() {
        try (InputStream in = Files.newInputStream(ca())) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + ca() + ": " + e.getMessage(), e);
        }
    }

    private void openssl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("openssl " + String.join(" ", args) + " did not finish in 30 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run openssl (is it installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
