package dev.beacon.server.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEM certificate chain and PKCS#8 private key as an in-memory key store for Jetty. The JDK reads both formats
 * with no extra library; PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) and SEC1 ({@code BEGIN EC PRIVATE KEY}) keys are
 * refused with the openssl command that converts them. The key must belong to the first certificate.
 */
public final class PemKeys {
    /** The in-memory key store's password (never on disk; the store only lives in this process). */
    static final String PASSWORD = "beacon";
    private static final Pattern PKCS8 = Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private PemKeys() {
    }

    /** The loaded pair. @throws IllegalArgumentException saying what is wrong with which file */
    public static Loaded load(String certName, byte[] certPem, String keyName, byte[] keyPem) {
        List<X509Certificate> chain = certificates(certName, certPem);
        PrivateKey key = privateKey(keyName, new String(keyPem, StandardCharsets.US_ASCII));
        if (!matches(key, chain.get(0))) {
            throw new IllegalArgumentException(keyName + " is not the private key of the certificate in " + certName);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("beacon", key, PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
            return new Loaded(store, chain.get(0));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot build a key store from " + certName + " and " + keyName + ": " + e.getMessage(), e);
        }
    }

    /** A key store holding the pair, and the server's certificate (for logs). */
    public record Loaded(KeyStore store, X509Certificate certificate) {
    }

    static List<X509Certificate> certificates(String name, byte[] pem) {
        try {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))
                    .stream().map(c -> (X509Certificate) c).toList();
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(name + " holds no certificate; give the PEM certificate chain, the server's first");
            }
            return chain;
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalArgumentException(name + " is not a PEM certificate chain: " + e.getMessage(), e);
        }
    }

    static PrivateKey privateKey(String name, String pem) {
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY") || pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException(name + " must be an unencrypted PKCS#8 key (BEGIN PRIVATE KEY); convert it with "
                    + "openssl pkcs8 -topk8 -nocrypt -in " + name + " -out key.pem");
        }
        Matcher m = PKCS8.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException(name + " holds no PEM private key (BEGIN PRIVATE KEY)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not valid PEM: " + e.getMessage(), e);
        }
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(name + " holds a private key of no supported algorithm (RSA, EC, Ed25519)");
    }

    /** True when {@code key} signs what the certificate's public key verifies. */
    private static boolean matches(PrivateKey key, X509Certificate cert) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        try {
            byte[] probe = "beacon".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(probe);
            byte[] signature = s.sign();
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            return v.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
