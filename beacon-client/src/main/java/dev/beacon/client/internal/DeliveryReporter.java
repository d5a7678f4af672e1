package dev.beacon.client.internal;

import dev.beacon.api.ClientReport;
import dev.beacon.api.ClientReported;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivery tracking, client side: tells the server which revision each config view has applied
 * ({@code POST /api/v1/config/{app}/{profile}/clients}). Reports are coalesced (at most one flush per
 * {@link #FLUSH_DELAY_MS}) and sent from the timer pool; all views of a client share one lease, kept alive by a
 * report every ttl/3. When the server answers with another lease (the old one expired, e.g. after a long outage),
 * every view is reported again on the new one. A failed report stays pending and is retried with the next flush.
 */
public final class DeliveryReporter implements AutoCloseable {
    static final long FLUSH_DELAY_MS = 200;
    static final Duration REMOVE_DEADLINE = Duration.ofSeconds(2);

    private final Transport transport;
    private final ClientThreads threads;
    private final String instanceId;
    private final String host;
    private final long pid;
    private final String sdkVersion;
    private final long ttlSeconds;
    private final AtomicLong leaseId = new AtomicLong();
    private final Map<String, ViewState> views = new ConcurrentHashMap<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final ScheduledFuture<?> keepAlive;
    private volatile long unreachableUntil = System.nanoTime();

    private static final class ViewState {
        final String app;
        final String profile;
        volatile long revision;
        volatile String appliedAt;
        volatile boolean dirty = true;

        ViewState(String app, String profile) {
            this.app = app;
            this.profile = profile;
        }
    }

    private final boolean enabled;

    /** @param enabled false: report nothing (tools such as the CLI that watch config without applying it) */
    public DeliveryReporter(Transport transport, ClientThreads threads, String instanceId, String host, String sdkVersion, Duration ttl,
                            boolean enabled) {
        this.enabled = enabled;
        this.transport = transport;
        this.threads = threads;
        this.instanceId = instanceId;
        this.host = host;
        this.pid = ProcessHandle.current().pid();
        this.sdkVersion = sdkVersion;
        this.ttlSeconds = Math.max(2, ttl.toSeconds());
        long period = Math.max(1000, ttl.toMillis() / 3);
        this.keepAlive = threads.timer().scheduleWithFixedDelay(this::keepAlive, period, period, TimeUnit.MILLISECONDS);
    }

    /** The view {@code app/profile} has applied {@code revision}. Never blocks. */
    public void applied(String app, String profile, long revision) {
        if (!enabled) {
            return;
        }
        ViewState v = views.computeIfAbsent(app + "/" + profile, k -> new ViewState(app, profile));
        if (v.revision != revision || v.appliedAt == null) {
            v.revision = revision;
            v.appliedAt = Instant.now().toString();
            v.dirty = true;
            scheduleFlush();
        }
    }

    /**
     * The view is closed: its report is removed (blocking, at most {@link #REMOVE_DEADLINE}). Once a removal found no
     * server, later ones are skipped for a while (so closing a client with many views while every server is down does
     * not wait once per view); those reports expire with the lease.
     */
    public void removed(String app, String profile) {
        if (views.remove(app + "/" + profile) == null || System.nanoTime() - unreachableUntil < 0) {
            return;
        }
        try {
            transport.call(Transport.Call.delete("/api/v1/config/" + Transport.segment(app) + "/" + Transport.segment(profile) + "/clients")
                    .query("instance", instanceId).deadline(REMOVE_DEADLINE), String.class);
        } catch (dev.beacon.client.BeaconClientException e) {
            if (e.kind() == dev.beacon.client.BeaconClientException.Kind.UNAVAILABLE) {
                unreachableUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            }
        }
    }

    public String instanceId() {
        return instanceId;
    }

    private void scheduleFlush() {
        if (flushScheduled.compareAndSet(false, true)) {
            threads.timer().schedule(this::flush, FLUSH_DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void flush() {
        flushScheduled.set(false);
        for (ViewState v : List.copyOf(views.values())) {
            if (v.dirty) {
                v.dirty = false;
                if (!send(v)) {
                    v.dirty = true;
                    return; // retried by the next keep-alive
                }
            }
        }
    }

    private synchronized void keepAlive() {
        List<ViewState> all = new ArrayList<>(views.values());
        if (all.isEmpty()) {
            return;
        }
        boolean pending = all.stream().anyMatch(v -> v.dirty);
        if (pending) {
            flush();
        } else {
            send(all.get(0));
        }
    }

    private boolean send(ViewState v) {
        long lease = leaseId.get();
        ClientReport report = new ClientReport(instanceId, v.revision, v.appliedAt, host, pid, sdkVersion, ttlSeconds,
                lease == 0 ? null : lease);
        try {
            ClientReported answer = transport.call(Transport.Call.post("/api/v1/config/" + Transport.segment(v.app) + "/"
                    + Transport.segment(v.profile) + "/clients", report), ClientReported.class);
            if (answer.leaseId() != lease) {
                leaseId.set(answer.leaseId());
                if (lease != 0) {
                    views.values().forEach(other -> other.dirty = other != v);
                    scheduleFlush();
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        keepAlive.cancel(false);
    }
}
