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
                servers.add(startOne());
            }
        }
        return this;
    }

    /** Starts one more server on the same etcd (e.g. to test two servers sharing work) and returns its index. */
    public synchronized int startAnother() {
        servers.add(startOne());
        return servers.size() - 1;
    }

    private BeaconServer startOne() {
        ServerSettings settings = customize.apply(ServerSettings.forEndpoints(dataDir, etcd.endpointArray()));
        return BeaconServer.start(settings);
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
        return server(i).url();
    }

    /** A JSON HTTP client for server {@code i}. */
    public TestHttp http(int i) {
        return new TestHttp(url(i));
    }

    public TestHttp http() {
        return http(0);
    }

    /** Stops server {@code i} (its slot stays, {@link #restart} brings a new one on a new port). */
    public synchronized void stop(int i) {
        servers.get(i).close();
    }

    public synchronized void restart(int i) {
        servers.get(i).close();
        servers.set(i, startOne());
    }

    @Override
    public synchronized void close() {
        servers.forEach(BeaconServer::close);
        servers.clear();
    }
}
