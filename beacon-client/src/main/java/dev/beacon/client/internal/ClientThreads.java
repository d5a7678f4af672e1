package dev.beacon.client.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SDK's own threads, all daemon and named {@code beacon-<client>-<role>-<n>}; never the common pool (on two
 * cores it has one thread). Three pools per client: {@code io} (the HttpClient's and WebSocket's callbacks, 2 threads that end when idle),
 * {@code timer} (heartbeats, keep-alives, reconnects, reports: two threads, tasks do short blocking calls with a
 * deadline) and {@code listener} (user callbacks, one serial queue per listener on a pool that grows on demand and
 * shrinks when idle, so a slow listener holds one thread and never the others).
 */
public final class ClientThreads implements AutoCloseable {
    private final ExecutorService io;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService listeners;

    public ClientThreads(String clientName) {
        ThreadPoolExecutor ioPool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory(clientName + "-io"));
        ioPool.allowCoreThreadTimeOut(true);
        io = ioPool;
        timer = new ScheduledThreadPoolExecutor(2, factory(clientName + "-timer"));
        timer.setRemoveOnCancelPolicy(true);
        // unbounded on purpose: a busy listener holds its thread, a free one is reused; idle threads end after 30 s
        listeners = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                factory(clientName + "-listener"));
    }

    static ThreadFactory factory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "beacon-" + prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public ExecutorService io() {
        return io;
    }

    public ScheduledThreadPoolExecutor timer() {
        return timer;
    }

    public ExecutorService listeners() {
        return listeners;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        listeners.shutdown();
        io.shutdownNow();
    }
}
