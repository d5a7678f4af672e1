package dev.beacon.testkit;

import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.EtcdSettings;
import dev.beacon.core.launcher.EtcdCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Starts a real etcd (one node, or a three-node cluster) in a temp dir on free loopback ports before
 * the test class and removes it after. Use as a static field:
 *
 * <pre>{@code
 * @RegisterExtension static EtcdExtension etcd = EtcdExtension.singleNode();
 * }</pre>
 *
 * Also a plain Java API: {@link #start()} and {@link #close()}. The etcd binary is found like the
 * server finds it ({@code BEACON_ETCD_BIN} or PATH).
 */
public final class EtcdExtension implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    private final int size;
    private final List<String> extraArgs;
    private Path dir;
    private EtcdCluster cluster;
    private EtcdConnection connection;
    private Faults faults;

    private EtcdExtension(int size) {
        this(size, List.of());
    }

    private EtcdExtension(int size, List<String> extraArgs) {
        this.size = size;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** The same cluster with extra etcd flags for every member, e.g. {@code withEtcdArgs("--quota-backend-bytes", "1048576")}. */
    public EtcdExtension withEtcdArgs(String... args) {
        List<String> all = new java.util.ArrayList<>(extraArgs);
        all.addAll(List.of(args));
        return new EtcdExtension(size, all);
    }

    public static EtcdExtension singleNode() {
        return new EtcdExtension(1);
    }

    public static EtcdExtension threeNodes() {
        return new EtcdExtension(3);
    }

    /** Starts the members and waits until they are healthy. Idempotent. */
    public synchronized EtcdExtension start() {
        if (cluster == null) {
            try {
                dir = Files.createTempDirectory("beacon-etcd-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            cluster = EtcdCluster.start(dir, size, extraArgs);
            faults = new Faults(this);
        }
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    public EtcdCluster cluster() {
        return cluster;
    }

    public List<String> endpoints() {
        return cluster.endpoints();
    }

    public String[] endpointArray() {
        return cluster.endpoints().toArray(String[]::new);
    }

    public Faults faults() {
        return faults;
    }

    /** Direct reads and writes of this etcd, beside Beacon (the way etcdctl would see it). */
    public EtcdProbe probe() {
        return new EtcdProbe(connection());
    }

    /**
     * A Beacon etcd connection to this etcd, for code under test that takes one (e.g. a mirror built in a test).
     * For direct reads and writes use {@link #probe()}. Created on first use, closed with the extension.
     */
    public synchronized EtcdConnection connection() {
        if (connection == null) {
            connection = EtcdConnection.open(EtcdSettings.of(endpoints())
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
        }
        return connection;
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temp dir; best effort
            }
        }
    }
}
