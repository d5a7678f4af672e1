package dev.beacon.testkit;

import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.EtcdHealth;
import dev.beacon.core.launcher.EtcdNode;

import java.util.List;

/**
 * Failure injection on a test etcd: stop (SIGTERM), kill (SIGKILL), restart, find the leader, and
 * compact the history. Every method waits until the fault is in place.
 */
public final class Faults {
    private final EtcdExtension etcd;

    Faults(EtcdExtension etcd) {
        this.etcd = etcd;
    }

    public void stop(int node) {
        etcd.cluster().node(node).stop();
    }

    public void kill(int node) {
        etcd.cluster().node(node).kill();
    }

    /** Starts the node again with its data and waits until it is healthy. */
    public void restart(int node) {
        etcd.cluster().restart(node);
    }

    public void stopAll() {
        etcd.cluster().nodes().forEach(EtcdNode::stop);
    }

    /** The index of the current leader among the nodes, asking each running member. */
    public int leader() {
        EtcdConnection c = etcd.connection();
        EtcdHealth health = c.monitor().checkNow().join();
        long leaderId = health.endpoints().stream().filter(EtcdHealth.Endpoint::healthy)
                .mapToLong(EtcdHealth.Endpoint::leaderId).findFirst()
                .orElseThrow(() -> new IllegalStateException("no member knows a leader: " + health.problem()));
        for (EtcdHealth.Endpoint e : health.endpoints()) {
            if (e.healthy() && e.memberId() == leaderId) {
                return etcd.endpoints().indexOf(e.endpoint());
            }
        }
        throw new IllegalStateException("the leader " + Long.toHexString(leaderId) + " is not among the endpoints");
    }

    /** Compacts etcd's history up to its current revision (physically), and returns that revision. */
    public long compact() {
        return etcd.probe().compact();
    }

    /**
     * Brings every stopped or killed member back and waits until each is healthy: the one line a test's
     * {@code finally} (or {@code @AfterEach}) needs after injecting faults.
     */
    public void healAll() {
        List<EtcdNode> nodes = etcd.cluster().nodes();
        nodes.stream().filter(n -> !n.isRunning()).forEach(EtcdNode::start); // all at once: a lone member has no quorum
        nodes.forEach(n -> n.awaitHealthy(java.time.Duration.ofSeconds(30)));
    }
}
