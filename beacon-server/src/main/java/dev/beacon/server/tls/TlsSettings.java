package dev.beacon.server.tls;

import java.nio.file.Path;
import java.time.Duration;

/**
 * HTTPS settings. Immutable. With no certificate the server speaks plain HTTP.
 *
 * @param cert           PEM certificate chain, the server's first ({@code --tls-cert}); null: plain HTTP
 * @param key            PEM private key of the certificate, PKCS#8 ({@code --tls-key})
 * @param reloadInterval how often the two files are checked for a new certificate
 * @param hstsMaxAge     the {@code max-age} of the {@code Strict-Transport-Security} header sent on every HTTPS answer
 */
public record TlsSettings(Path cert, Path key, Duration reloadInterval, Duration hstsMaxAge) {
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HSTS_MAX_AGE = Duration.ofDays(365);

    public TlsSettings {
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both PEM files, or neither for plain HTTP");
        }
        if (reloadInterval == null || reloadInterval.isNegative() || reloadInterval.isZero()) {
            throw new IllegalArgumentException("the TLS reload interval must be positive, got " + reloadInterval);
        }
        if (hstsMaxAge == null || hstsMaxAge.isNegative()) {
            throw new IllegalArgumentException("the HSTS max-age must not be negative, got " + hstsMaxAge);
        }
    }

    /** Plain HTTP. */
    public static TlsSettings off() {
        return new TlsSettings(null, null, DEFAULT_RELOAD_INTERVAL, DEFAULT_HSTS_MAX_AGE);
    }

    /** HTTPS with this certificate and key, the default reload interval and HSTS max-age. */
    public static TlsSettings of(Path cert, Path key) {
        return new TlsSettings(cert, key, DEFAULT_RELOAD_INTERVAL, DEFAULT_HSTS_MAX_AGE);
    }

    public TlsSettings withReloadInterval(Duration value) {
        return new TlsSettings(cert, key, value, hstsMaxAge);
    }

    public boolean on() {
        return cert != null;
    }
}
