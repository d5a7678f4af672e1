package dev.beacon.server.ops;

import io.javalin.http.Context;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Graceful shutdown's bookkeeping: which HTTP requests are in flight, and whether the server is draining. Once
 * {@link #start()} is called {@code /ready} answers 503, so load balancers stop sending new requests; the server
 * still answers the ones that arrive meanwhile. {@link #awaitIdle} waits until every request in flight has
 * finished, or the bound has passed.
 *
 * <p>The pipeline calls {@link #enter} before each request and {@link #exit} when its access log line is written
 * (for streams and long polls, when they end). Thread-safe.
 */
public final class Drain {
    private static final String ENTERED = "beacon.drain.entered";
    private final AtomicBoolean draining = new AtomicBoolean();
    private int inFlight;

    public void enter(Context ctx) {
        if ("websocket".equalsIgnoreCase(ctx.header("Upgrade"))) {
            return; // WebSocket sessions are not HTTP requests in flight: the hub ends them
        }
        ctx.attribute(ENTERED, Boolean.TRUE);
        synchronized (this) {
            inFlight++;
        }
    }

    public void exit(Context ctx) {
        if (ctx.attribute(ENTERED) == null) {
            return;
        }
        ctx.attribute(ENTERED, null);
        synchronized (this) {
            inFlight--;
            notifyAll();
        }
    }

    /** From now on {@code /ready} answers 503. Returns false when it had already started. */
    public boolean start() {
        return draining.compareAndSet(false, true);
    }

    public boolean draining() {
        return draining.get();
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    /** Blocks until no request is in flight or {@code bound} has passed; returns how many are still in flight. */
    public synchronized int awaitIdle(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (inFlight > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return inFlight;
    }
}
