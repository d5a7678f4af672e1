package dev.beacon.server;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executors for work that may block on a client (SSE/WebSocket delivery, held requests): virtual
 * threads when the runtime has them (Java 21+), else a cached pool of daemon threads. Beacon is built
 * for Java 17, so the virtual-thread factory is looked up at run time.
 */
public final class Threads {
    private Threads() {
    }

    /**
     * Where change feeds deliver to their subscribers: a {@link DeliveryPool} of a few workers (twice the cores,
     * at least 4) that replaces a worker blocked for more than 50 ms. Few threads take turns at many short
     * deliveries, which a fan-out to thousands of subscribers needs on any JDK.
     */
    public static ExecutorService fanout() {
        return new DeliveryPool("beacon-delivery", Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
                java.time.Duration.ofMillis(50));
    }

    /** Health check probes (each may block on its target): virtual threads on 21+, else a cached pool of {@code beacon-probe-N}. */
    public static ExecutorService delivery() {
        if (Runtime.version().feature() >= 21) {
            try {
                return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
            } catch (ReflectiveOperationException e) {
                // fall through to platform threads
            }
        }
        AtomicInteger n = new AtomicInteger();
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "beacon-probe-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
