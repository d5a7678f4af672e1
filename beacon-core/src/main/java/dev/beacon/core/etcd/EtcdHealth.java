package dev.beacon.core.etcd;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of what the monitor last saw of etcd.
 *
 * @param reachable true when at least one endpoint answered and the cluster has a leader
 * @param endpoints per-endpoint results of the last round
 * @param leader    the leader's name or client URL, null when unknown
 * @param revision  the cluster's current revision as of the last answer (0 when never reached)
 * @param latencyMs round-trip time of the fastest healthy endpoint, -1 when none answered
 * @param dbSize    the database size reported by the leader (bytes), 0 when unknown
 * @param checkedAt when the last round finished
 * @param problem   what is wrong, in words, when not reachable; null otherwise
 */
public record EtcdHealth(boolean reachable, List<Endpoint> endpoints, String leader, long revision, long latencyMs,
                         long dbSize, Instant checkedAt, String problem) {

    /** One endpoint's last status: {@code error} is null when it answered. */
    public record Endpoint(String endpoint, boolean healthy, long latencyMs, long memberId, long leaderId,
                           long revision, String version, String error) {
    }

    static EtcdHealth unknown(List<String> endpoints) {
        return new EtcdHealth(false, List.of(), null, 0, -1, 0, Instant.now(),
                "not checked yet (endpoints " + String.join(",", endpoints) + ")");
    }
}
