package dev.beacon.testkit;

import dev.beacon.server.BeaconServer;
import dev.beacon.server.ServerSettings;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Starts one or more Beacon servers on free loopback ports against an {@link EtcdExtension}, before the
 * test class (register it after the etcd extension), and stops them after.
 *
 * <pre>{@code
 * @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
 * @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);
 * }</pre>
 */
public final class BeaconExtension implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    private final EtcdExtension etcd;
    private final int count;
    private final UnaryOperator<ServerSettings> customize;
    private final List<BeaconServer> servers = new ArrayList<>();
    /** Each slot's port, kept across {@link #stop}/{@link #start(int)}/{@link #restart}. */
    private final List<Integer> ports = new ArrayList<>();
    private Path dataDir;

    private BeaconExtension(EtcdExtension etcd, int count, UnaryOperator<ServerSettings> customize) {
        this.etcd = etcd;
        this.count = count;
        this.customize = customize;
    }

    public static BeaconExtension on(EtcdExtension etcd) {
        return new BeaconExtension(etcd, 1, s -> s);
    }

    /** Several servers on the same etcd, as behind a load balancer. */
    public static BeaconExtension on(EtcdExtension etcd, int servers) {
        return new BeaconExtension(etcd, servers, s -> s);
    }

    /** Same, with settings adjusted (request timeout, body limit, ...). */
    public BeaconExtension with(UnaryOperator<ServerSettings> change) {
        return new BeaconExtension(etcd, count, s -> change.apply(customize.apply(s)));
    }

    /** Short etcd timeouts so that outage tests answer quickly: {@code BeaconExtension.on(etcd).with(BeaconExtension::fastTimeouts)}. */
    public static ServerSettings fastTimeouts(ServerSettings s) {
        return s.toBuilder().externalEtcd(s.externalEtcd().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2))).build();
    }

    public synchronized BeaconExtension start() {
        etcd.start();
        if (servers.isEmpty()) {
            try {
                dataDir = Files.createTempDirectory("beacon-server-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (int i = 0; i < count; i++) {
                BeaconServer s = startOne(0);
                servers.add(s);
                ports.add(s.port());
            }
        }
        return this;
    }

    /** Starts one more server on the same etcd (e.g. to test two servers sharing work) and returns its index. */
    public synchronized int startAnother() {
        BeaconServer s = startOne(0);
        servers.add(s);
        ports.add(s.port());
        return servers.size() - 1;
    }

    /** @param port 0 for any free port (or the port the customized settings name), else this one */
    private BeaconServer startOne(int port) {
        ServerSettings settings = customize.apply(ServerSettings.forEndpoints(dataDir, etcd.endpointArray()));
        return BeaconServer.start(port == 0 ? settings : settings.toBuilder().port(port).build());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    public BeaconServer server() {
        return servers.get(0);
    }

    public BeaconServer server(int i) {
        return servers.get(i);
    }

    public String url() {
        return server().url();
    }

    public String url(int i) {
        return "http://127.0.0.1:" + ports.get(i);
    }

    /** A JSON HTTP client for server {@code i}. */
    public TestHttp http(int i) {
        return new TestHttp(url(i));
    }

    public TestHttp http() {
        return http(0);
    }

    /** Stops server {@code i}; its slot and port stay, {@link #start(int)} brings it back. */
    public synchronized void stop(int i) {
        servers.get(i).close();
    }

    /** Starts server {@code i} again after a {@link #stop}, on the same port (clients configured with its URL find it). */
    public synchronized void start(int i) {
        servers.get(i).close();
        servers.set(i, startOne(ports.get(i)));
    }

    /** Stops server {@code i} and starts a new one on the same port, as a restarted server comes back in production. */
    public synchronized void restart(int i) {
        start(i);
    }

    /** Every server's base URL, in slot order (stopped ones too). */
    public synchronized List<String> urls() {
        return ports.stream().map(p -> "http://127.0.0.1:" + p).toList();
    }

    @Override
    public synchronized void close() {
        servers.forEach(BeaconServer::close);
        servers.clear();
        ports.clear();
    }
}
