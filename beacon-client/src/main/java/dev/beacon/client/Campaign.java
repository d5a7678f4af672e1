package dev.beacon.client;

import dev.beacon.api.CampaignRequest;
import dev.beacon.api.Candidacy;
import dev.beacon.client.internal.SerialExecutor;
import dev.beacon.client.internal.Transport.Call;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.beacon.client.internal.Transport.segment;

/**
 * One candidacy in an election. Its keep-alive (every min(ttl/3, 1 s), on the client's timer pool) also tells
 * whether it leads; the listener hears every change (on its own serial queue): {@code leading(true, token)} when it
 * becomes leader, {@code leading(false, 0)} when it stops (another leads, or its candidacy was lost; a lost
 * candidacy campaigns again by itself). Closing resigns. States in an AtomicReference: CAMPAIGNING ⇄ LEADING → CLOSED.
 */
public final class Campaign implements AutoCloseable {
    public enum State { CAMPAIGNING, LEADING, CLOSED }

    /** Leadership changes of this candidate. */
    public interface Listener {
        void leading(boolean leader, long token);
    }

    private final BeaconClient client;
    private final String name;
    private final String candidate;
    private final Duration ttl;
    private final Listener listener;
    private final SerialExecutor queue;
    private final AtomicReference<State> state = new AtomicReference<>(State.CAMPAIGNING);
    private volatile Candidacy candidacy;
    private volatile long lastSuccess = System.nanoTime();
    private ScheduledFuture<?> ticks;

    Campaign(BeaconClient client, String name, String candidate, Duration ttl, Listener listener) {
        this.client = client;
        this.name = name;
        this.candidate = candidate;
        this.ttl = ttl;
        this.listener = listener;
        this.queue = new SerialExecutor(client.threads().listeners());
    }

    void start() {
        candidacy = client.transport().call(Call.post("/api/v1/elections/" + segment(name),
                new CampaignRequest(candidate, ttl.toSeconds(), 0L)), Candidacy.class);
        observe(candidacy);
        long period = Math.min(1000, Math.max(300, ttl.toMillis() / 3));
        ticks = client.threads().timer().scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Blocks until this candidate leads, the campaign is closed, or {@code timeout} passes; answers whether it leads.
     * (The CLI's {@code elect NAME -- COMMAND} waits here before it runs the command.)
     */
    public boolean awaitLeadership(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (state.get() == State.CAMPAIGNING) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        return state.get() == State.LEADING;
    }

    public boolean isLeader() {
        return state.get() == State.LEADING;
    }

    public State state() {
        return state.get();
    }

    /** The leadership token while leading (the candidate key's create revision), else 0. */
    public long token() {
        Candidacy c = candidacy;
        return c != null && c.leader() ? c.token() : 0;
    }

    private void tick() {
        if (state.get() == State.CLOSED) {
            return;
        }
        try {
            Candidacy c = candidacy;
            Candidacy now = client.transport().call(Call.put("/api/v1/elections/" + segment(name) + "/keepalive", null)
                    .query("leaseId", c.leaseId()).deadline(Duration.ofMillis(Math.max(1000, ttl.toMillis() / 3))), Candidacy.class);
            lastSuccess = System.nanoTime();
            candidacy = now;
            observe(now);
        } catch (BeaconClientException e) {
            if (e.kind() == BeaconClientException.Kind.NOT_FOUND) {
                observe(null);
                try {
                    candidacy = client.transport().call(Call.post("/api/v1/elections/" + segment(name),
                            new CampaignRequest(candidate, ttl.toSeconds(), 0L)), Candidacy.class);
                    observe(candidacy);
                } catch (BeaconClientException again) {
                    // next tick
                }
            } else if (System.nanoTime() - lastSuccess > ttl.toNanos()) {
                observe(null); // cannot know: the lease has probably expired
            }
        }
    }

    private void observe(Candidacy c) {
        boolean leads = c != null && c.leader();
        State was = state.get();
        if (was == State.CLOSED) {
            return;
        }
        State to = leads ? State.LEADING : State.CAMPAIGNING;
        if (was != to && state.compareAndSet(was, to)) {
            long token = leads ? c.token() : 0;
            queue.execute(() -> listener.leading(leads, token));
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Resigns (blocking, with the call deadline); idempotent. */
    @Override
    public void close() {
        State was = state.getAndSet(State.CLOSED);
        if (was == State.CLOSED) {
            return;
        }
        synchronized (this) {
            notifyAll();
        }
        if (ticks != null) {
            ticks.cancel(false);
        }
        client.disown(this);
        if (was == State.LEADING) {
            queue.execute(() -> listener.leading(false, 0));
        }
        Candidacy c = candidacy;
        if (c != null) {
            try {
                client.transport().call(Call.delete("/api/v1/elections/" + segment(name)).query("leaseId", c.leaseId()), String.class);
            } catch (BeaconClientException e) {
                // it expires with its ttl
            }
        }
    }
}
