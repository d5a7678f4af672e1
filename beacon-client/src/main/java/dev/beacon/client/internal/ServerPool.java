package dev.beacon.client.internal;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The configured servers and how each fared. Calls stick to the server that answered last (so a read after a
 * write sees the write on that server's mirror); a server that failed is skipped for a while that grows with its
 * consecutive failures ({@link #penalty}), and tried again when nobody else is left. Thread-safe.
 */
public final class ServerPool {
    private final List<Server> servers;
    private final AtomicInteger preferred = new AtomicInteger();
    private final LongSupplier clock;
    private final Backoff penalty;

    static final class Server {
        final URI uri;
        volatile long skipUntilNanos;
        volatile int failures;

        Server(URI uri) {
            this.uri = uri;
        }
    }

    public ServerPool(List<URI> uris, Backoff penalty, LongSupplier nanoClock) {
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("give at least one server URL");
        }
        List<Server> list = new ArrayList<>();
        for (URI u : uris) {
            list.add(new Server(u));
        }
        this.servers = List.copyOf(list);
        this.penalty = penalty;
        this.clock = nanoClock;
    }

    public ServerPool(List<URI> uris) {
        this(uris, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)), System::nanoTime);
    }

    public int size() {
        return servers.size();
    }

    /**
     * The order to try servers in for one call: the preferred one first, then the others in list order; servers in
     * their penalty time go last (soonest available first), so a call still reaches one when all have failed.
     */
    public List<URI> order() {
        long now = clock.getAsLong();
        int start = preferred.get();
        List<Server> ready = new ArrayList<>();
        List<Server> skipped = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            Server s = servers.get((start + i) % servers.size());
            (s.skipUntilNanos - now > 0 ? skipped : ready).add(s);
        }
        skipped.sort((a, b) -> Long.compare(a.skipUntilNanos - now, b.skipUntilNanos - now));
        List<URI> order = new ArrayList<>();
        ready.forEach(s -> order.add(s.uri));
        skipped.forEach(s -> order.add(s.uri));
        return order;
    }

    public void succeeded(URI uri) {
        for (int i = 0; i < servers.size(); i++) {
            Server s = servers.get(i);
            if (s.uri.equals(uri)) {
                s.failures = 0;
                s.skipUntilNanos = 0;
                preferred.set(i);
                return;
            }
        }
    }

    public void failed(URI uri) {
        for (Server s : servers) {
            if (s.uri.equals(uri)) {
                int n = s.failures++;
                s.skipUntilNanos = clock.getAsLong() + penalty.delayMillis(n) * 1_000_000L;
                return;
            }
        }
    }

    /** True while {@code uri} is in its penalty time. */
    public boolean skipped(URI uri) {
        long now = clock.getAsLong();
        return servers.stream().anyMatch(s -> s.uri.equals(uri) && s.skipUntilNanos - now > 0);
    }
}
