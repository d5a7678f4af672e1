package dev.beacon.core.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The etcd that Beacon manages for you when no {@code --etcd} is given: one node, data in
 * {@code <data-dir>/etcd}, log in {@code <data-dir>/etcd.log}, on free loopback ports (client, peer, metrics) that are kept
 * in {@code <data-dir>/etcd.ports} and reused on the next start, so the data survives restarts.
 */
public final class LocalEtcd implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalEtcd.class);
    private final EtcdNode node;

    private LocalEtcd(EtcdNode node) {
        this.node = node;
    }

    /**
     * Finds the binary, starts etcd and waits until it is healthy.
     *
     * @throws IllegalStateException when etcd is missing or does not become healthy (the message says why)
     */
    public static LocalEtcd start(Path dataDir, Duration startTimeout) {
        return start(dataDir, startTimeout, null);
    }

    /**
     * Same, but first restores {@code restoreFrom} (an etcd snapshot; null: none) into {@code <data-dir>/etcd}; the
     * data that was there is moved aside to {@code etcd.before-restore-<epoch seconds>}.
     */
    public static LocalEtcd start(Path dataDir, Duration startTimeout, Path restoreFrom) {
        Path binary = EtcdBinary.find();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        if (restoreFrom != null) {
            int[] ports = ports(dataDir.resolve("etcd.ports"));
            SnapshotRestore.restore(restoreFrom, dataDir.resolve("etcd").toAbsolutePath(), "beacon",
                    "http://127.0.0.1:" + ports[1], "beacon-local");
            log.info("restored the managed etcd's data from {}", restoreFrom);
        }
        EtcdNode node = null;
        for (int attempt = 1; node == null; attempt++) {
            int[] ports = ports(dataDir.resolve("etcd.ports"));
            EtcdNode candidate = EtcdNode.single(binary, dataDir.resolve("etcd").toAbsolutePath(),
                    dataDir.resolve("etcd.log").toAbsolutePath(), ports[0], ports[1], ports[2], null);
            candidate.start();
            try {
                candidate.awaitHealthy(startTimeout);
                node = candidate;
            } catch (RuntimeException e) {
                candidate.kill();
                if (attempt == 3 || !candidate.failedOnPortInUse()) {
                    throw e;
                }
                log.warn("a port of the managed etcd was taken; retrying on other ports");
                forgetPorts(dataDir.resolve("etcd.ports"));
            }
        }
        log.info("managed etcd is ready at {} (data {})", node.clientUrl(), node.dataDir());
        return new LocalEtcd(node);
    }

    public String clientUrl() {
        return node.clientUrl();
    }

    public EtcdNode node() {
        return node;
    }

    @Override
    public void close() {
        node.stop();
        log.info("managed etcd stopped");
    }

    private static int[] ports(Path file) {
        try {
            if (Files.exists(file)) {
                int[] saved = java.util.Arrays.stream(Files.readString(file).trim().split(","))
                        .mapToInt(Integer::parseInt).toArray();
                if (saved.length == 3 && java.util.Arrays.stream(saved).allMatch(LocalEtcd::isFree)) {
                    return saved;
                }
                log.warn("the ports in {} ({}) are taken or incomplete; picking new ones", file, Files.readString(file).trim());
            }
            int[] ports = {EtcdNode.freePort(), EtcdNode.freePort(), EtcdNode.freePort()};
            Files.writeString(file, ports[0] + "," + ports[1] + "," + ports[2] + "\n");
            return ports;
        } catch (IOException | RuntimeException e) {
            return new int[]{EtcdNode.freePort(), EtcdNode.freePort(), EtcdNode.freePort()};
        }
    }

    private static void forgetPorts(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // new ports are picked either way
        }
    }

    private static boolean isFree(int port) {
        try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
