package dev.beacon.core.ops.doctor;

import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.EtcdErrors;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.watch.PrefixMirror;
import io.etcd.jetcd.cluster.Member;
import io.etcd.jetcd.maintenance.StatusResponse;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What the checks of one doctor run share: the etcd connection, the mirrors, where the live Beacon servers are
 * registered, and the answers that several checks need (each endpoint's status, the member list), asked once
 * per run. Not thread-safe: one run, one thread.
 */
public final class DoctorContext {
    /** How far back "recently" looks (leader changes, stream breaks, slow calls). */
    public static final Duration RECENT = Duration.ofMinutes(10);

    /** One endpoint's answer to {@code Maintenance.status}: {@code status} null and {@code error} set when it failed. */
    public record EndpointStatus(String endpoint, StatusResponse status, long latencyMs, String error) {
        public boolean answered() {
            return status != null;
        }
    }

    private final EtcdConnection etcd;
    private final Supplier<List<PrefixMirror>> mirrors;
    private final PrefixMirror root;
    private final KeyLayout keys;
    private final String selfId;
    private final HttpClient http;
    private Map<String, EndpointStatus> statuses;
    private List<Member> members;

    public DoctorContext(EtcdConnection etcd, Supplier<List<PrefixMirror>> mirrors, PrefixMirror root, KeyLayout keys,
                         String selfId, HttpClient http) {
        this.etcd = etcd;
        this.mirrors = mirrors;
        this.root = root;
        this.keys = keys;
        this.selfId = selfId;
        this.http = http;
    }

    public EtcdConnection etcd() {
        return etcd;
    }

    public List<PrefixMirror> mirrors() {
        return mirrors.get();
    }

    public PrefixMirror root() {
        return root;
    }

    public KeyLayout keys() {
        return keys;
    }

    /** This server's id among the live Beacon servers. */
    public String selfId() {
        return selfId;
    }

    public HttpClient http() {
        return http;
    }

    /** Each configured endpoint's status, all asked at once (bounded by the request timeout); in endpoint order. */
    public Map<String, EndpointStatus> statuses() {
        if (statuses == null) {
            Map<String, CompletableFuture<EndpointStatus>> asked = new LinkedHashMap<>();
            for (String endpoint : etcd.endpoints()) {
                long t0 = System.nanoTime();
                asked.put(endpoint, etcd.call("status of " + endpoint,
                                () -> etcd.client().getMaintenanceClient().statusMember(endpoint))
                        .handle((s, failure) -> new EndpointStatus(endpoint, failure == null ? s : null,
                                (System.nanoTime() - t0) / 1_000_000,
                                failure == null ? null : EtcdErrors.unwrap(failure).getMessage())));
            }
            statuses = new LinkedHashMap<>();
            asked.forEach((endpoint, f) -> statuses.put(endpoint, f.join()));
        }
        return statuses;
    }

    /** The cluster's members as a reachable member lists them; empty when none answered. */
    public List<Member> members() {
        if (members == null) {
            try {
                members = etcd.await("list etcd members", () -> etcd.client().getClusterClient().listMember()).getMembers();
            } catch (RuntimeException e) {
                members = List.of();
            }
        }
        return members;
    }

    /** A member's name (or hex id) for messages. */
    public String memberName(long id) {
        for (Member m : members()) {
            if (m.getId() == id) {
                return m.getName().isEmpty() ? Long.toHexString(id) : m.getName();
            }
        }
        return Long.toHexString(id);
    }

    /** The member that advertises {@code endpoint} as a client URL, or null. */
    public Member memberAt(String endpoint) {
        URI want = URI.create(endpoint);
        for (Member m : members()) {
            for (URI u : m.getClientURIs()) {
                if (u.getPort() == want.getPort() && u.getHost().equalsIgnoreCase(want.getHost())) {
                    return m;
                }
            }
        }
        return null;
    }

    /** "n2 (http://127.0.0.1:2379)" or just the endpoint when no member advertises it. */
    public String describe(String endpoint) {
        Member m = memberAt(endpoint);
        return m == null || m.getName().isEmpty() ? endpoint : m.getName() + " (" + endpoint + ")";
    }

    /** The endpoints that answered their status. */
    public List<EndpointStatus> answered() {
        return statuses().values().stream().filter(EndpointStatus::answered).toList();
    }
}
