package dev.beacon.core.etcd;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach etcd. Immutable; build with {@link #of(List)} and the {@code with*} methods.
 *
 * @param endpoints      client URLs, e.g. {@code http://127.0.0.1:2379}
 * @param connectTimeout how long to wait for a TCP/TLS connection
 * @param requestTimeout the deadline of every call (a call never waits longer than this)
 * @param caFile         PEM CA to trust for https endpoints; null = JVM default trust
 * @param certFile       PEM client certificate for mTLS; null = none
 * @param keyFile        PEM (PKCS#8) client key for mTLS; null = none
 * @param user           etcd user for password auth; null = no auth
 * @param password       etcd password; null when user is null
 */
public record EtcdSettings(List<String> endpoints, Duration connectTimeout, Duration requestTimeout,
                           Path caFile, Path certFile, Path keyFile, String user, String password) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    public EtcdSettings {
        endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one etcd endpoint is needed");
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("an etcd client certificate needs its key, and a key its certificate");
        }
        if (user != null && password == null) {
            throw new IllegalArgumentException("an etcd user needs a password");
        }
    }

    public static EtcdSettings of(List<String> endpoints) {
        return new EtcdSettings(endpoints, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, null, null, null, null, null);
    }

    public static EtcdSettings of(String... endpoints) {
        return of(List.of(endpoints));
    }

    public EtcdSettings withTimeouts(Duration connect, Duration request) {
        return new EtcdSettings(endpoints, connect, request, caFile, certFile, keyFile, user, password);
    }

    public EtcdSettings withTls(Path ca, Path cert, Path key) {
        return new EtcdSettings(endpoints, connectTimeout, requestTimeout, ca, cert, key, user, password);
    }

    public EtcdSettings withAuth(String user, String password) {
        return new EtcdSettings(endpoints, connectTimeout, requestTimeout, caFile, certFile, keyFile, user, password);
    }

    public boolean tls() {
        return caFile != null || certFile != null || endpoints.stream().anyMatch(e -> e.startsWith("https://"));
    }

    @Override
    public String toString() {
        return "EtcdSettings[endpoints=" + endpoints + ", connectTimeout=" + connectTimeout + ", requestTimeout="
                + requestTimeout + ", tls=" + tls() + ", user=" + user + "]";
    }
}
