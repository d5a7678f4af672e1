package dev.beacon.core.etcd;

import io.etcd.jetcd.cluster.Member;
import io.etcd.jetcd.maintenance.StatusResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Checks every endpoint periodically (Maintenance.status with the request deadline), tracks the
 * leader, revision and latency, and logs each change of state once: what failed, which endpoint,
 * what to check. Listeners hear every change of overall reachability.
 *
 * <p>Threading: rounds run on the connection's executor, one at a time; listeners are called
 * on that executor and must not block.
 */
public final class EtcdMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EtcdMonitor.class);

    private final EtcdConnection connection;
    private final Duration interval;
    private final AtomicReference<EtcdHealth> current;
    private final Map<String, Boolean> endpointUp = new ConcurrentHashMap<>();
    private final Map<Long, String> memberNames = new ConcurrentHashMap<>();
    private final List<Consumer<EtcdHealth>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<EtcdHealth>> roundListeners = new CopyOnWriteArrayList<>();
    private volatile ScheduledFuture<?> task;
    private volatile CompletableFuture<EtcdHealth> running = CompletableFuture.completedFuture(null);
    private volatile long lastLeaderId;
    private final java.util.concurrent.ConcurrentLinkedDeque<Instant> leaderChanges = new java.util.concurrent.ConcurrentLinkedDeque<>();

    EtcdMonitor(EtcdConnection connection, Duration interval) {
        this.connection = connection;
        this.interval = interval;
        this.current = new AtomicReference<>(EtcdHealth.unknown(connection.endpoints()));
    }

    void start() {
        task = connection.scheduler().scheduleWithFixedDelay(() -> {
            if (running.isDone()) {
                running = checkNow();
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The last result; never null. */
    public EtcdHealth health() {
        return current.get();
    }

    /** Runs a round now; completes (on Beacon's executor) with its result. Never fails. */
    public CompletableFuture<EtcdHealth> checkNow() {
        List<CompletableFuture<EtcdHealth.Endpoint>> rounds = new ArrayList<>();
        for (String endpoint : connection.endpoints()) {
            rounds.add(check(endpoint));
        }
        return CompletableFuture.allOf(rounds.toArray(CompletableFuture[]::new))
                .thenApplyAsync(v -> {
                    List<EtcdHealth.Endpoint> results = rounds.stream().map(CompletableFuture::join).toList();
                    EtcdHealth health = summarize(results);
                    EtcdHealth previous = current.getAndSet(health);
                    logChanges(previous, health);
                    for (Consumer<EtcdHealth> l : roundListeners) {
                        try {
                            l.accept(health);
                        } catch (RuntimeException e) {
                            log.warn("etcd round listener failed", e);
                        }
                    }
                    return health;
                }, connection.executor());
    }

    /** How many leader changes the monitor saw since {@code since} (it remembers the last 100). */
    public int leaderChangesSince(Instant since) {
        return (int) leaderChanges.stream().filter(t -> !t.isBefore(since)).count();
    }

    public void addListener(Consumer<EtcdHealth> listener) {
        listeners.add(listener);
    }

    /** Adds a listener for the result of every round (e.g. to measure mirror lag against etcd's revision). Must not block. */
    public void addRoundListener(Consumer<EtcdHealth> listener) {
        roundListeners.add(listener);
    }

    private CompletableFuture<EtcdHealth.Endpoint> check(String endpoint) {
        long start = System.nanoTime();
        return connection.call("status of " + endpoint, () -> connection.client().getMaintenanceClient().statusMember(endpoint))
                .handle((StatusResponse status, Throwable failure) -> {
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    if (failure != null) {
                        String why = EtcdErrors.unwrap(failure).getMessage();
                        return new EtcdHealth.Endpoint(endpoint, false, -1, 0, 0, 0, null, why);
                    }
                    List<String> errors = status.getErrorList();
                    boolean ok = status.getLeader() != 0 && errors.isEmpty();
                    String error = status.getLeader() == 0 ? "member has no leader"
                            : errors.isEmpty() ? null : String.join("; ", errors);
                    return new EtcdHealth.Endpoint(endpoint, ok, ms, status.getHeader().getMemberId(),
                            status.getLeader(), status.getHeader().getRevision(), status.getVersion(), error);
                });
    }

    private EtcdHealth summarize(List<EtcdHealth.Endpoint> results) {
        List<EtcdHealth.Endpoint> healthy = results.stream().filter(EtcdHealth.Endpoint::healthy).toList();
        if (healthy.isEmpty()) {
            String problem = results.stream().map(e -> e.endpoint() + ": " + e.error())
                    .reduce((a, b) -> a + "; " + b).orElse("no endpoints");
            return new EtcdHealth(false, results, null, current.get().revision(), -1, 0, Instant.now(), problem);
        }
        long leaderId = healthy.get(0).leaderId();
        if (leaderId != lastLeaderId || !memberNames.containsKey(leaderId)) {
            refreshMembers();
        }
        lastLeaderId = leaderId;
        long revision = healthy.stream().mapToLong(EtcdHealth.Endpoint::revision).max().orElse(0);
        long latency = healthy.stream().mapToLong(EtcdHealth.Endpoint::latencyMs).min().orElse(-1);
        String leader = memberNames.getOrDefault(leaderId, Long.toHexString(leaderId));
        return new EtcdHealth(true, results, leader, revision, latency, 0, Instant.now(), null);
    }

    /** Runs on Beacon's executor (never a jetcd thread), so waiting for the answer is safe. */
    private void refreshMembers() {
        try {
            for (Member m : connection.await("list etcd members", () -> connection.client().getClusterClient().listMember()).getMembers()) {
                String urls = m.getClientURIs().isEmpty() ? "" : " (" + m.getClientURIs().get(0) + ")";
                memberNames.put(m.getId(), (m.getName().isEmpty() ? Long.toHexString(m.getId()) : m.getName()) + urls);
            }
        } catch (RuntimeException e) {
            log.debug("could not list etcd members: {}", e.getMessage());
        }
    }

    private void logChanges(EtcdHealth before, EtcdHealth now) {
        for (EtcdHealth.Endpoint e : now.endpoints()) {
            Boolean was = endpointUp.put(e.endpoint(), e.healthy());
            if (was == null && e.healthy()) {
                log.info("etcd endpoint {} is healthy (etcd {}, {} ms)", e.endpoint(), e.version(), e.latencyMs());
            } else if (!Objects.equals(was, e.healthy())) {
                if (e.healthy()) {
                    log.info("etcd endpoint {} is healthy again ({} ms)", e.endpoint(), e.latencyMs());
                } else {
                    log.warn("etcd endpoint {} failed its health check: {}. Check that etcd runs and listens there: "
                            + "etcdctl --endpoints={} endpoint health", e.endpoint(), e.error(), e.endpoint());
                }
            }
        }
        if (before.reachable() != now.reachable()) {
            if (now.reachable()) {
                log.info("etcd is reachable: leader {}, revision {}, {} ms", now.leader(), now.revision(), now.latencyMs());
            } else {
                log.error("etcd is unreachable: {}. Reads are served from memory (stale); writes answer 503 until it returns",
                        now.problem());
            }
            listeners.forEach(l -> l.accept(now));
        } else if (now.reachable() && before.leader() != null && !Objects.equals(before.leader(), now.leader())) {
            log.info("etcd leader changed from {} to {}", before.leader(), now.leader());
            leaderChanges.addLast(now.checkedAt());
            if (leaderChanges.size() > 100) {
                leaderChanges.pollFirst();
            }
        }
    }


    @Override
    public void close() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }
}
