package dev.beacon.server.tls;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The HTTPS side of the server: a Jetty TLS connector (TLS only: a plain HTTP request on the port fails its
 * handshake and is closed) whose certificate comes from the PEM files, and a watcher that reloads them.
 *
 * <p>Reload: every {@link TlsSettings#reloadInterval()} the watcher reads both files and compares their digest with
 * the loaded pair's. On a change it loads the new pair; a pair that does not load (a half-written rotation, a key
 * that is not the certificate's) is logged and retried on the next round, and the old certificate stays. New
 * handshakes use the new certificate; open connections keep theirs. The watcher runs on one daemon thread of its
 * own (it only reads two small files) and stops with {@link #close()}.
 *
 * <p>HSTS: Jetty's {@link SecureRequestCustomizer} adds {@code Strict-Transport-Security} to every answer on the
 * connector, Jetty's own error answers included.
 */
public final class TlsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TlsServer.class);

    private final TlsSettings settings;
    private final SslContextFactory.Server factory = new SslContextFactory.Server();
    private final ScheduledExecutorService watcher;
    private byte[] loadedDigest;
    private volatile long reloads;

    private TlsServer(TlsSettings settings) {
        this.settings = settings;
        PemKeys.Loaded first = load(read(settings.cert()), read(settings.key()));
        factory.setKeyStore(first.store());
        factory.setKeyStorePassword(PemKeys.PASSWORD);
        factory.setKeyManagerPassword(PemKeys.PASSWORD);
        loadedDigest = digest(read(settings.cert()), read(settings.key()));
        log.info("HTTPS with the certificate of {} (expires {})", first.certificate().getSubjectX500Principal().getName(),
                first.certificate().getNotAfter().toInstant());
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "beacon-tls-reload");
            t.setDaemon(true);
            return t;
        });
        long every = settings.reloadInterval().toMillis();
        watcher.scheduleWithFixedDelay(this::checkFiles, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Loads the certificate and key; null when TLS is off.
     *
     * @throws IllegalStateException when a file cannot be read or does not hold a matching pair
     */
    public static TlsServer start(TlsSettings settings) {
        if (!settings.on()) {
            return null;
        }
        try {
            return new TlsServer(settings);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new IllegalStateException("HTTPS: " + e.getMessage(), e);
        }
    }

    /** A TLS-only connector on the server, with HSTS on every answer. */
    public ServerConnector connector(Server server, HttpConfiguration http) {
        HttpConfiguration https = new HttpConfiguration(http);
        https.setSecureScheme("https");
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // clients reach a server by IP address, by load balancer name, or by its own name
        secure.setStsMaxAge(settings.hstsMaxAge().toSeconds());
        https.addCustomizer(secure);
        return new ServerConnector(server, new SslConnectionFactory(factory, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https));
    }

    /** How many times a changed certificate was loaded since start. */
    public long reloads() {
        return reloads;
    }

    private void checkFiles() {
        try {
            byte[] cert = read(settings.cert());
            byte[] key = read(settings.key());
            byte[] digest = digest(cert, key);
            if (Arrays.equals(digest, loadedDigest)) {
                return;
            }
            PemKeys.Loaded next = load(cert, key);
            factory.reload(f -> f.setKeyStore(next.store()));
            loadedDigest = digest;
            reloads++;
            log.info("HTTPS certificate reloaded: {} (expires {})", next.certificate().getSubjectX500Principal().getName(),
                    next.certificate().getNotAfter().toInstant());
        } catch (Exception e) {
            log.warn("HTTPS certificate not reloaded, the previous one stays (retried in {} ms): {}",
                    settings.reloadInterval().toMillis(), e.getMessage());
        }
    }

    private PemKeys.Loaded load(byte[] cert, byte[] key) {
        return PemKeys.load(settings.cert().toString(), cert, settings.key().toString(), key);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] digest(byte[] cert, byte[] key) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(cert);
            d.update(key);
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
