package dev.beacon.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor of subscribers' deliveries (SSE, WebSocket, long polls, the server's own feed listeners):
 * a few platform threads that take tasks from one queue, so that a change fanned out to thousands of
 * subscribers costs thousands of queue appends and a handful of thread wake-ups — not one thread hand-off
 * (or one new thread) per subscriber, which is what a cached pool does and what made 1,000 SSE subscribers
 * at 50 changes/s fall seconds behind.
 *
 * <p>Tasks may block (a write to a client that does not read, an etcd call). A watchdog keeps the pool's
 * capacity: a worker busy with one task for longer than {@code blockedAfter} is given up to that task (it
 * ends when the task returns) and a fresh worker takes its place. So a blocked delivery delays the others by
 * at most about {@code blockedAfter}, and only blocked tasks cost extra threads. Slow clients are still cut
 * off by their subscription (queue full) or the hub's stall check, which ends the blocked write.
 */
public final class DeliveryPool extends AbstractExecutorService {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPool.class);

    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();
    private final String name;
    private final long blockedAfterNanos;
    private final Thread watchdog;
    private volatile boolean shutdown;

    private final class Worker implements Runnable {
        final Thread thread;
        volatile long busySince;
        volatile boolean givenUp;

        Worker() {
            thread = new Thread(this, name + "-" + ids.incrementAndGet());
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (!shutdown) {
                    Runnable task = queue.poll(1, TimeUnit.SECONDS);
                    if (task == null) {
                        continue;
                    }
                    busySince = System.nanoTime();
                    try {
                        task.run();
                    } catch (Throwable t) {
                        LOG.warn("a delivery task failed", t);
                    } finally {
                        busySince = 0;
                    }
                    if (givenUp) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                workers.remove(this);
            }
        }
    }

    /**
     * @param name         thread name prefix
     * @param size         workers kept available (not blocked)
     * @param blockedAfter how long one task may hold a worker before a replacement is started
     */
    public DeliveryPool(String name, int size, java.time.Duration blockedAfter) {
        if (size < 1) {
            throw new IllegalArgumentException("a delivery pool needs at least one worker");
        }
        this.name = name;
        this.blockedAfterNanos = blockedAfter.toNanos();
        for (int i = 0; i < size; i++) {
            startWorker();
        }
        long checkMs = Math.max(5, blockedAfter.toMillis() / 2);
        watchdog = new Thread(() -> {
            while (!shutdown) {
                try {
                    Thread.sleep(checkMs);
                } catch (InterruptedException e) {
                    return;
                }
                replaceBlocked();
            }
        }, name + "-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private void startWorker() {
        Worker w = new Worker();
        workers.add(w);
        w.thread.start();
    }

    private void replaceBlocked() {
        long now = System.nanoTime();
        for (Worker w : workers) {
            long since = w.busySince;
            if (!w.givenUp && since != 0 && now - since > blockedAfterNanos && !shutdown) {
                w.givenUp = true;
                startWorker();
            }
        }
    }

    /** Workers alive, blocked ones included. */
    public int threads() {
        return workers.size();
    }

    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException(name + " is shut down");
        }
        queue.add(task);
    }

    @Override
    public void shutdown() {
        shutdown = true;
        watchdog.interrupt();
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        for (Worker w : workers) {
            w.thread.interrupt();
        }
        List<Runnable> left = new ArrayList<>();
        queue.drainTo(left);
        return left;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && workers.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Worker w : workers) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return isTerminated();
            }
            TimeUnit.NANOSECONDS.timedJoin(w.thread, left);
        }
        return isTerminated();
    }
}
