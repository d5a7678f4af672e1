package dev.beacon.core.ops.doctor;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * A TLS handshake with an etcd endpoint only to read its certificate's subject and expiry. It accepts any
 * certificate: whether Beacon trusts it is proven by the gRPC status call that follows, through the real client.
 */
final class TlsProbe {
    record Result(String subject, Instant notAfter, long daysLeft) {
    }

    private TlsProbe() {
    }

    static Result probe(String host, int port, int timeoutMillis) throws IOException {
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ReadOnly seen = new ReadOnly();
            ssl.init(null, new TrustManager[]{seen}, null);
            try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(host, port), timeoutMillis);
                socket.setSoTimeout(timeoutMillis);
                try {
                    socket.startHandshake();
                } catch (IOException e) {
                    // a member that demands a client certificate ends the handshake after showing its own
                    if (seen.chain == null) {
                        throw e;
                    }
                }
                X509Certificate cert = seen.chain[0];
                Instant notAfter = cert.getNotAfter().toInstant();
                return new Result(cert.getSubjectX500Principal().getName(), notAfter,
                        Duration.between(Instant.now(), notAfter).toDays());
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS handshake failed: " + e.getMessage(), e);
        }
    }

    /** Accepts every chain: the probe only reads the certificate. */
    private static final class ReadOnly implements X509TrustManager {
        volatile X509Certificate[] chain;

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            this.chain = chain;
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
