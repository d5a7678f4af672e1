package dev.beacon.core.etcd;

import dev.beacon.core.BeaconException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;

import javax.net.ssl.SSLException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The process's one jetcd {@link Client}, and the rules for calling it.
 *
 * <p>Threading: jetcd completes futures and runs watch callbacks on its own event loop, where
 * blocking deadlocks. {@link #call} therefore completes every result on Beacon's {@link #executor()},
 * never on jetcd's threads. Every call has a deadline ({@link EtcdSettings#requestTimeout()}); a call to
 * an unreachable etcd fails with {@code ETCD_UNAVAILABLE} after it instead of waiting for a connection.
 *
 * <p>Lifecycle: created once by {@link #open}, closed once by {@link #close()} (idempotent), which
 * closes the client, the monitor and the executors.
 */
public final class EtcdConnection implements AutoCloseable {
    private final EtcdSettings settings;
    private final Client client;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final EtcdMonitor monitor;
    private final EtcdCalls calls = new EtcdCalls();
    private final AtomicBoolean closed = new AtomicBoolean();

    private EtcdConnection(EtcdSettings settings, Duration monitorInterval) {
        this.settings = settings;
        this.executor = Executors.newCachedThreadPool(daemonThreads("beacon-etcd"));
        this.scheduler = Executors.newScheduledThreadPool(1, daemonThreads("beacon-timer"));
        this.client = buildClient(settings);
        this.monitor = new EtcdMonitor(this, monitorInterval);
        // gRPC backs off its reconnects while etcd is away: after each round, a channel that waits out a backoff is
        // told to try now, so calls work again within one round of etcd answering (a connected channel ignores it)
        ChannelReconnect reconnect = new ChannelReconnect(client);
        monitor.addRoundListener(health -> reconnect.now());
    }

    /** Creates the client (no network I/O yet) and starts the health monitor. */
    public static EtcdConnection open(EtcdSettings settings) {
        return open(settings, Duration.ofSeconds(2));
    }

    public static EtcdConnection open(EtcdSettings settings, Duration monitorInterval) {
        EtcdConnection connection = new EtcdConnection(settings, monitorInterval);
        connection.monitor.start();
        return connection;
    }

    private static Client buildClient(EtcdSettings s) {
        ClientBuilder b = Client.builder()
                .endpoints(s.endpoints().toArray(String[]::new))
                .connectTimeout(s.connectTimeout())
                .waitForReady(false)
                .retryMaxDuration(s.requestTimeout())
                .retryDelay(100).retryMaxDelay(1000).retryChronoUnit(java.time.temporal.ChronoUnit.MILLIS)
                .keepaliveTime(Duration.ofSeconds(10))
                .keepaliveTimeout(Duration.ofSeconds(5))
                .maxInboundMessageSize(16 * 1024 * 1024);
        if (s.user() != null) {
            b.user(ByteSequence.from(s.user(), StandardCharsets.UTF_8))
                    .password(ByteSequence.from(s.password(), StandardCharsets.UTF_8));
        }
        if (s.caFile() != null || s.certFile() != null) {
            try {
                b.sslContext(ssl -> {
                    if (s.caFile() != null) {
                        ssl.trustManager(s.caFile().toFile());
                    }
                    if (s.certFile() != null) {
                        ssl.keyManager(s.certFile().toFile(), s.keyFile().toFile());
                    }
                });
            } catch (SSLException e) {
                throw new IllegalArgumentException("cannot load the etcd TLS files: " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    /**
     * Runs one etcd call with the request deadline. The returned future completes on Beacon's executor
     * (never on a jetcd thread), normally or with a {@link BeaconException} from {@link EtcdErrors}.
     *
     * @param what a short description for error messages, e.g. "read key /a"
     */
    public <T> CompletableFuture<T> call(String what, Supplier<CompletableFuture<T>> call) {
        long startNanos = System.nanoTime();
        CompletableFuture<T> started;
        try {
            started = call.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        started.orTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((value, failure) -> {
                    if (failure == null) {
                        calls.record(what, null, System.nanoTime() - startNanos);
                        result.complete(value);
                    } else {
                        RuntimeException mapped = EtcdErrors.map(failure, what, settings.endpoints());
                        calls.record(what, mapped, System.nanoTime() - startNanos);
                        result.completeExceptionally(mapped);
                    }
                }, executor);
        return result;
    }

    /** Blocking form of {@link #call}: returns the value or throws {@link BeaconException}. Never call on a jetcd thread. */
    public <T> T await(String what, Supplier<CompletableFuture<T>> call) {
        try {
            return call(what, call).join();
        } catch (RuntimeException e) {
            throw EtcdErrors.map(e, what, settings.endpoints());
        }
    }

    /** The jetcd client, for core classes only; results must go through {@link #call}. */
    public Client client() {
        return client;
    }

    public EtcdSettings settings() {
        return settings;
    }

    public List<String> endpoints() {
        return settings.endpoints();
    }

    /** Beacon's own executor: hand jetcd callback work here. */
    public ExecutorService executor() {
        return executor;
    }

    /** A small scheduler for timers (monitor, backoff); tasks must be short and hand real work to {@link #executor()}. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Every call's operation, outcome and duration: observers (metrics) and the recent slow calls (doctor). */
    public EtcdCalls calls() {
        return calls;
    }

    public EtcdMonitor monitor() {
        return monitor;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        monitor.close();
        client.close();
        scheduler.shutdownNow();
        executor.shutdownNow();
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
