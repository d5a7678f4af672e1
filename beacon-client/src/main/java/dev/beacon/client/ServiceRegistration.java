package dev.beacon.client;

import dev.beacon.api.ErrorCode;
import dev.beacon.api.Registered;
import dev.beacon.api.Registration;
import dev.beacon.client.internal.Transport.Call;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.beacon.client.internal.Transport.segment;

/**
 * A registered instance, kept registered. A heartbeat goes every ttl/3 (on the client's timer pool, each with a
 * deadline of ttl/3). States ({@link State}, in an AtomicReference, every change to the listeners with a reason):
 * <ul>
 *   <li>REGISTERED: the last heartbeat (or registration) was answered;</li>
 *   <li>SUSPECT: heartbeats fail (no server answers) but the lease may still live;</li>
 *   <li>LOST: the server answered NOT_REGISTERED (lease expired, instance removed), or no heartbeat succeeded for a
 *       whole ttl. The registration is retried at every tick until it succeeds (→ REGISTERED, "re-registered");</li>
 *   <li>CLOSED: {@link #close()} deregistered it (or tried: a lease left behind expires with its ttl).</li>
 * </ul>
 * Listeners run on the client's listener pool, one at a time, in order.
 */
public final class ServiceRegistration implements AutoCloseable {
    private static final System.Logger log = System.getLogger(ServiceRegistration.class.getName());

    public enum State { REGISTERED, SUSPECT, LOST, CLOSED }

    /** A state change: the new state and why. */
    public interface Listener {
        void onStateChanged(State state, String reason);
    }

    private final BeaconClient client;
    private final InstanceSpec spec;
    private final AtomicReference<State> state = new AtomicReference<>(State.LOST);
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final dev.beacon.client.internal.SerialExecutor queue;
    private volatile long leaseId;
    private volatile long lastSuccess = System.nanoTime();
    private volatile int registrations;
    private ScheduledFuture<?> ticks;

    ServiceRegistration(BeaconClient client, InstanceSpec spec) {
        this.client = client;
        this.spec = spec;
        this.queue = new dev.beacon.client.internal.SerialExecutor(client.threads().listeners());
    }

    void start() {
        register();
        long period = Math.max(500, spec.ttl.toMillis() / 3);
        ticks = client.threads().timer().scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    public String service() {
        return spec.service;
    }

    public String instanceId() {
        return spec.instanceId();
    }

    public State state() {
        return state.get();
    }

    /** The lease the instance lives on now (changes when it is re-registered). */
    public long leaseId() {
        return leaseId;
    }

    /** How many times it was registered (1 after the first; more after re-registrations). */
    public int registrations() {
        return registrations;
    }

    /**
     * Sets this instance's operator status ({@code OUT_OF_SERVICE} or {@code DRAINING} before a graceful shutdown, so
     * callers stop picking it; {@code UP} clears it). Blocking, with the call deadline.
     */
    public void setStatus(dev.beacon.api.InstanceStatus status) {
        client.registry().setStatus(spec.service, instanceId(), status);
    }

    public AutoCloseable onStateChange(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void register() {
        Registration body = new Registration(spec.address, spec.port, spec.tags, spec.metadata, spec.ttl.toSeconds(), spec.check, null);
        Registered r = client.transport().call(Call.put(path(), body).deadline(period()), Registered.class);
        leaseId = r.leaseId();
        registrations++;
        lastSuccess = System.nanoTime();
        move(State.REGISTERED, registrations == 1 ? "registered" : "re-registered with lease " + Long.toHexString(r.leaseId()));
    }

    private void tick() {
        if (state.get() == State.CLOSED) {
            return;
        }
        try {
            if (state.get() == State.LOST) {
                register();
                return;
            }
            client.transport().call(Call.put(path() + "/heartbeat", null).deadline(period()), String.class);
            lastSuccess = System.nanoTime();
            move(State.REGISTERED, "heartbeat answered");
        } catch (BeaconClientException e) {
            if (e.code() == ErrorCode.NOT_REGISTERED || e.code() == ErrorCode.NOT_FOUND) {
                move(State.LOST, "the server no longer knows the instance (" + e.getMessage() + "); registering again");
                tryRegisterNow();
            } else if (System.nanoTime() - lastSuccess > spec.ttl.toNanos()) {
                move(State.LOST, "no heartbeat answered for the whole ttl of " + spec.ttl.toSeconds() + " s (" + e.getMessage() + ")");
            } else {
                move(State.SUSPECT, "heartbeat failed: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "Beacon: heartbeat of " + spec.service + "/" + instanceId() + " failed", e);
        }
    }

    private void tryRegisterNow() {
        try {
            register();
        } catch (RuntimeException e) {
            // stays LOST; the next tick retries
        }
    }

    private void move(State to, String reason) {
        State was = state.get();
        if (was == State.CLOSED || was == to && to != State.REGISTERED || !state.compareAndSet(was, to)) {
            return;
        }
        if (was == to) {
            if (!reason.startsWith("re-registered") && !reason.equals("registered")) {
                return; // a routine heartbeat of a registered instance
            }
        }
        log.log(to == State.REGISTERED ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                "Beacon: " + spec.service + "/" + instanceId() + " is " + to + ": " + reason);
        for (Listener l : listeners) {
            queue.execute(() -> l.onStateChanged(to, reason));
        }
    }

    /** Stops heartbeats and deregisters (blocking, with the call deadline). Idempotent. */
    @Override
    public void close() {
        State was = state.getAndSet(State.CLOSED);
        if (was == State.CLOSED) {
            return;
        }
        if (ticks != null) {
            ticks.cancel(false);
        }
        client.disown(this);
        try {
            client.transport().call(Call.delete(path()), String.class);
        } catch (BeaconClientException e) {
            log.log(System.Logger.Level.INFO, "Beacon: deregistering " + spec.service + "/" + instanceId() + " failed (" + e.getMessage()
                    + "); it expires with its lease");
        }
        for (Listener l : listeners) {
            queue.execute(() -> l.onStateChanged(State.CLOSED, "deregistered"));
        }
    }

    private Duration period() {
        return Duration.ofMillis(Math.max(1000, spec.ttl.toMillis() / 3));
    }

    private String path() {
        return "/api/v1/services/" + segment(spec.service) + "/instances/" + segment(instanceId());
    }
}
