package dev.beacon.core.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One or more etcd members on loopback in a directory, for tests and benchmarks: free ports,
 * short election timeouts so failover takes about a second, and per-member stop/kill/restart.
 */
public final class EtcdCluster implements AutoCloseable {
    private final List<EtcdNode> nodes;

    private EtcdCluster(List<EtcdNode> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /**
     * Starts {@code size} members in {@code dir} and waits until all are healthy. Free ports are picked
     * just before the start; if another process takes one first, the cluster is started again on new
     * ports (up to three times).
     */
    public static EtcdCluster start(Path dir, int size) {
        return start(dir, size, List.of());
    }

    /** Same, with extra etcd flags for every member (e.g. {@code --quota-backend-bytes 1048576}). */
    public static EtcdCluster start(Path dir, int size, List<String> extraArgs) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster needs at least one member");
        }
        for (int attempt = 1; ; attempt++) {
            Path attemptDir = dir.resolve("try" + attempt);
            try {
                return startOnce(attemptDir, size, extraArgs);
            } catch (PortTakenException e) {
                if (attempt == 3) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
        }
    }

    private static final class PortTakenException extends RuntimeException {
        PortTakenException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static EtcdCluster startOnce(Path dir, int size, List<String> extraArgs) {
        Path binary = EtcdBinary.find();
        int[] client = new int[size];
        int[] peer = new int[size];
        List<String> initial = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            client[i] = EtcdNode.freePort();
            peer[i] = EtcdNode.freePort();
            initial.add("n" + i + "=http://127.0.0.1:" + peer[i]);
        }
        String token = "beacon-test-" + UUID.randomUUID();
        List<String> fast = new ArrayList<>(List.of("--heartbeat-interval", "50", "--election-timeout", "500"));
        fast.addAll(extraArgs);
        List<EtcdNode> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            nodes.add(new EtcdNode(binary, "n" + i, dir.resolve("n" + i).toAbsolutePath(),
                    dir.resolve("n" + i + ".log").toAbsolutePath(), client[i], peer[i], EtcdNode.freePort(), null,
                    String.join(",", initial), token, fast));
        }
        EtcdCluster cluster = new EtcdCluster(nodes);
        try {
            nodes.forEach(EtcdNode::start);
            nodes.forEach(n -> n.awaitHealthy(Duration.ofSeconds(30)));
        } catch (RuntimeException e) {
            cluster.close();
            if (nodes.stream().anyMatch(EtcdNode::failedOnPortInUse)) {
                throw new PortTakenException("a port was taken while etcd started: " + e.getMessage(), e);
            }
            throw e;
        }
        return cluster;
    }

    public List<EtcdNode> nodes() {
        return nodes;
    }

    public EtcdNode node(int i) {
        return nodes.get(i);
    }

    /** The client URLs of all members, for {@code --etcd}. */
    public List<String> endpoints() {
        return nodes.stream().map(EtcdNode::clientUrl).toList();
    }

    public String endpointsCsv() {
        return nodes.stream().map(EtcdNode::clientUrl).collect(Collectors.joining(","));
    }

    /** Starts a stopped member again and waits until it is healthy. */
    public void restart(int i) {
        EtcdNode n = nodes.get(i);
        n.start();
        n.awaitHealthy(Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        nodes.forEach(EtcdNode::kill);
    }
}
