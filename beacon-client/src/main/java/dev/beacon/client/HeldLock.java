package dev.beacon.client;

import dev.beacon.api.LockGrant;
import dev.beacon.client.internal.Transport.Call;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static dev.beacon.client.internal.Transport.segment;

/**
 * A held lock: kept alive every ttl/3 on the client's timer pool until {@link #close()} releases it. States (in an
 * AtomicReference): HELD → LOST (the server says the token no longer holds it, or no keep-alive succeeded for a whole
 * ttl: stop acting on it; listeners get the reason) or → RELEASED by close. {@link #token()} is the fencing token:
 * every later holder of the same lock gets a larger one, so a resource can refuse a stale holder.
 */
public final class HeldLock implements AutoCloseable {
    public enum State { HELD, LOST, RELEASED }

    private final BeaconClient client;
    private final LockGrant grant;
    private final Duration ttl;
    private final AtomicReference<State> state = new AtomicReference<>(State.HELD);
    private final List<Consumer<String>> lostListeners = new CopyOnWriteArrayList<>();
    private volatile long lastSuccess = System.nanoTime();
    private ScheduledFuture<?> ticks;

    HeldLock(BeaconClient client, LockGrant grant, Duration ttl) {
        this.client = client;
        this.grant = grant;
        this.ttl = ttl;
    }

    void start() {
        long period = Math.max(500, ttl.toMillis() / 3);
        ticks = client.threads().timer().scheduleWithFixedDelay(this::keepAlive, period, period, TimeUnit.MILLISECONDS);
    }

    public String name() {
        return grant.name();
    }

    /** The fencing token. */
    public long token() {
        return grant.token();
    }

    public long leaseId() {
        return grant.leaseId();
    }

    public State state() {
        return state.get();
    }

    /** True while the lock is held as far as this client knows. */
    public boolean isHeld() {
        return state.get() == State.HELD;
    }

    /** Called (on the client's listener pool) with the reason when the lock is lost. */
    public void onLost(Consumer<String> listener) {
        lostListeners.add(listener);
    }

    private void keepAlive() {
        if (state.get() != State.HELD) {
            return;
        }
        try {
            client.transport().call(Call.put("/api/v1/locks/" + segment(name()) + "/keepalive", null).query("token", token())
                    .deadline(Duration.ofMillis(Math.max(1000, ttl.toMillis() / 3))), LockGrant.class);
            lastSuccess = System.nanoTime();
        } catch (BeaconClientException e) {
            if (e.kind() != BeaconClientException.Kind.UNAVAILABLE) {
                lost("the server says the lock is no longer held: " + e.getMessage());
            } else if (System.nanoTime() - lastSuccess > ttl.toNanos()) {
                lost("no keep-alive answered for the whole ttl of " + ttl.toSeconds() + " s: " + e.getMessage());
            }
        }
    }

    private void lost(String reason) {
        if (state.compareAndSet(State.HELD, State.LOST)) {
            ticks.cancel(false);
            System.getLogger(HeldLock.class.getName()).log(System.Logger.Level.WARNING, "Beacon: lock " + name() + " lost: " + reason);
            lostListeners.forEach(l -> client.threads().listeners().execute(() -> l.accept(reason)));
        }
    }

    /** Releases the lock (blocking, with the call deadline); idempotent. A failed release leaves it to expire with its ttl. */
    @Override
    public void close() {
        State was = state.getAndSet(State.RELEASED);
        if (was == State.RELEASED) {
            return;
        }
        if (ticks != null) {
            ticks.cancel(false);
        }
        client.disown(this);
        if (was == State.HELD) {
            try {
                client.transport().call(Call.delete("/api/v1/locks/" + segment(name())).query("token", token()), String.class);
            } catch (BeaconClientException e) {
                System.getLogger(HeldLock.class.getName()).log(System.Logger.Level.INFO, "Beacon: releasing lock " + name()
                        + " failed (" + e.getMessage() + "); it expires with its ttl");
            }
        }
    }
}
