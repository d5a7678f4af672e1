package dev.beacon.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The client's push connection: every config view and service view of one client shares WebSocket connections
 * to {@code /api/v1/ws}, which carries up to {@link #PER_CONNECTION} subscriptions each (the server's limit), so
 * 1,000 views use 10 connections instead of 1,000. Why WebSocket: it is the only push transport the server offers
 * that multiplexes app/profiles and services on one connection with a per-subscription {@code fromRevision}
 * (SSE is one stream per scope; long polls hold one request per view). Each {@link WsShard} reconnects by itself
 * (another server when one fails, backoff with jitter) and resubscribes every view from the revision it applied,
 * so nothing is lost or repeated across a failover. Thread-safe.
 */
public final class StreamHub implements AutoCloseable {
    public static final int PER_CONNECTION = 100;

    private final Transport transport;
    private final ClientThreads threads;
    private final List<WsShard> shards = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    public StreamHub(Transport transport, ClientThreads threads) {
        this.transport = transport;
        this.threads = threads;
    }

    public synchronized void add(StreamSubscriber s) {
        if (closed.get()) {
            throw new IllegalStateException("the client is closed");
        }
        for (WsShard shard : shards) {
            if (shard.tryAdd(s, PER_CONNECTION)) {
                return;
            }
        }
        WsShard shard = new WsShard(transport, threads, "ws-" + (shards.size() + 1));
        shards.add(shard);
        shard.tryAdd(s, PER_CONNECTION);
    }

    public synchronized void remove(StreamSubscriber s) {
        for (WsShard shard : shards) {
            shard.remove(s);
        }
    }

    /** Open WebSocket connections now. */
    public synchronized int connections() {
        return (int) shards.stream().filter(WsShard::isOpen).count();
    }

    @Override
    public synchronized void close() {
        if (closed.compareAndSet(false, true)) {
            shards.forEach(WsShard::close);
            shards.clear();
        }
    }
}
