package dev.beacon.core.registry;

import dev.beacon.api.CheckResult;
import dev.beacon.api.InstanceStatus;
import dev.beacon.core.BeaconException;
import dev.beacon.core.StoredJson;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.watch.ChangeEvent;
import dev.beacon.core.watch.Entry;
import dev.beacon.core.watch.MirrorListener;
import dev.beacon.core.watch.PrefixMirror;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;


/**
 * The probing engine: runs the active checks of the instances this server owns (rendezvous over the
 * live servers, see {@link ServerMembership}) and records status changes in the health records.
 *
 * <p>Damping: a status changes between UP and DOWN only after {@code flapThreshold} consecutive results
 * say so; from UNKNOWN (no result yet) the first result decides. The health record is written only on a
 * change of status (or of the probe's output, at most every 30 s), never on every probe; the newest
 * result of every probe is kept in memory and shown by {@link #latest}. An instance DOWN for its
 * {@code deregisterAfter} is removed (reason DEREGISTERED_BY_CHECK).
 *
 * <p>While etcd is unreachable (as the connection monitor last saw it), probes pause and results are not counted,
 * so an etcd outage never turns instances DOWN; damping resumes where it was.
 *
 * <p>Threading: one engine thread owns all state (ticks, results, decisions); the mirror listener only
 * hands it keys. Probes run on {@code probes}, at most {@code checkConcurrency} at once (a tick that finds
 * no slot is skipped, as is a tick whose previous probe is still running). etcd writes are asynchronous;
 * removals block a probe thread, never the engine. Lifecycle: {@link #start()} once; {@link #close()}
 * stops everything (idempotent).
 */
public final class HealthChecks implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthChecks.class);
    private static final long RECONCILE_SECONDS = 5;

    private final EtcdConnection etcd;
    private final PrefixMirror mirror;
    private final KeyLayout keys;
    private final ServerMembership membership;
    private final Executor probes;
    private final ScheduledExecutorService engine;
    private final Semaphore slots;
    private final HttpClient http;
    private final HealthRecorder recorder;
    private final Map<String, CheckedInstance> checked = new HashMap<>();
    private final Map<String, CheckResult> latest = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong resultsSeen = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicLong probesSent = new AtomicLong();
    private final AtomicLong probesSkipped = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private final MirrorListener listener = this::onChanges;
    private volatile int checkedHere;

    public HealthChecks(EtcdConnection etcd, PrefixMirror mirror, KeyLayout keys, ServerMembership membership, Registry registry,
                        InstanceEvents events, RegistrySettings settings, Executor probes) {
        this.etcd = etcd;
        this.mirror = mirror;
        this.keys = keys;
        this.membership = membership;
        this.probes = probes;
        this.slots = new Semaphore(settings.checkConcurrency());
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
        this.engine = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "beacon-checks");
            t.setDaemon(true);
            return t;
        });
        this.recorder = new HealthRecorder(etcd, mirror, keys, registry, events, settings.flapThreshold(), probes, this::onEngine);
    }

    public void start() {
        if (started.compareAndSet(false, true)) {
            mirror.addListener(listener);
            engine.scheduleWithFixedDelay(this::reconcileAll, RECONCILE_SECONDS, RECONCILE_SECONDS, TimeUnit.SECONDS);
            // the mirror's first load emits no changes: look at what it loaded as soon as it has
            mirror.start().thenRun(() -> onEngine(this::reconcileAll));
        }
    }

    /**
     * Moves on (after the change) whenever a result shown by {@link #latest} changes: answers built from the mirror
     * and these results are current while the mirror's revision and this count stay the same.
     */
    public long resultsSeen() {
        return resultsSeen.get();
    }

    /** The newest result this server saw for the instance key, if it checks it. */
    public Optional<CheckResult> latest(String instanceKey) {
        return Optional.ofNullable(latest.get(instanceKey));
    }

    /** How many instances this server checks now. */
    public int checkedHere() {
        return checkedHere;
    }

    /** Probes sent since start, and ticks skipped for lack of a free slot. */
    public long probesSent() {
        return probesSent.get();
    }

    public long probesSkipped() {
        return probesSkipped.get();
    }

    // ---- ownership (engine thread) ----

    private void onChanges(List<ChangeEvent> changes, long revision) {
        boolean servers = false;
        Set<String> instances = new HashSet<>();
        for (ChangeEvent e : changes) {
            if (e.key().startsWith(keys.serversRoot())) {
                servers = true;
            } else if (e.key().startsWith(keys.servicesRoot())) {
                instances.add(e.key());
            }
        }
        if (servers) {
            onEngine(this::reconcileAll);
        } else if (!instances.isEmpty()) {
            onEngine(() -> {
                List<String> live = membership.liveServers();
                instances.forEach(k -> reconcile(k, mirror.get(k).orElse(null), live));
                checkedHere = checked.size();
            });
        }
    }

    private void reconcileAll() {
        try {
            List<String> live = membership.liveServers();
            Set<String> present = new HashSet<>();
            for (Entry e : mirror.list(keys.servicesRoot())) {
                present.add(e.key());
                reconcile(e.key(), e, live);
            }
            for (CheckedInstance c : new ArrayList<>(checked.values())) {
                if (!present.contains(c.key)) {
                    stop(c);
                }
            }
            checkedHere = checked.size();
        } catch (RuntimeException e) {
            log.error("reconciling the checked instances failed", e);
        }
    }

    private void reconcile(String key, Entry entry, List<String> live) {
        CheckedInstance current = checked.get(key);
        boolean mine = entry != null && live.contains(membership.id()) && membership.id().equals(ServerMembership.owner(live, key));
        if (mine && current != null && current.modRevision == entry.modRevision()) {
            return;
        }
        CheckSpec spec = mine ? specOf(entry) : null;
        KeyLayout.InstanceKey k = keys.parseInstance(key);
        if (spec == null || k == null || k.health()) {
            if (current != null) {
                stop(current);
            }
            return;
        }
        if (current != null) {
            if (current.createRevision == entry.createRevision() && current.spec.equals(spec)) {
                return;
            }
            stop(current);
        }
        CheckedInstance c = new CheckedInstance(key, k.service(), k.id(), entry.createRevision(), entry.modRevision(), spec);
        checked.put(key, c);
        long interval = spec.interval().toMillis();
        long jitter = ThreadLocalRandom.current().nextLong(Math.min(interval, 1000) + 1);
        c.ticks = engine.scheduleAtFixedRate(() -> tick(c), jitter, interval, TimeUnit.MILLISECONDS);
    }

    private static CheckSpec specOf(Entry entry) {
        StoredInstance s = StoredJson.read(entry.value(), StoredInstance.class);
        if (s == null || s.check() == null) {
            return null;
        }
        try {
            return CheckSpec.parse(s.check());
        } catch (BeaconException e) {
            return null; // written by hand and invalid: not checked
        }
    }

    private void stop(CheckedInstance c) {
        c.stopped = true;
        if (c.ticks != null) {
            c.ticks.cancel(false);
        }
        checked.remove(c.key, c);
        latest.remove(c.key);
        resultsSeen.incrementAndGet();
    }

    // ---- probing (engine thread, probes on the probe executor) ----

    /**
     * Probing pauses while the connection monitor finds etcd unreachable. Not while the mirror merely says
     * "disconnected": after a stream break it says so until the next change arrives, which in a quiet
     * registry can be long after etcd is back (health writes compare-and-set, so a lagging mirror is safe).
     */
    private boolean paused() {
        return !etcd.monitor().health().reachable();
    }

    private void tick(CheckedInstance c) {
        try {
            probe(c);
        } catch (RuntimeException e) {
            log.error("check tick of {} failed", c.key, e); // never let the periodic task die
        }
    }

    private void probe(CheckedInstance c) {
        if (c.stopped || c.running || c.removing || paused()) {
            return;
        }
        if (!slots.tryAcquire()) {
            probesSkipped.incrementAndGet();
            return;
        }
        c.running = true;
        probesSent.incrementAndGet();
        try {
            probes.execute(() -> {
                Probe.Outcome outcome;
                try {
                    outcome = Probe.run(c.spec, http, membership.id());
                } finally {
                    slots.release();
                }
                onEngine(() -> onResult(c, outcome));
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            slots.release();
            c.running = false;
        }
    }

    private void onResult(CheckedInstance c, Probe.Outcome o) {
        c.running = false;
        if (c.stopped || paused()) {
            return;
        }
        latest.put(c.key, new CheckResult(o.pass() ? InstanceStatus.UP.name() : InstanceStatus.DOWN.name(), o.output(), o.at().toString()));
        resultsSeen.incrementAndGet();
        recorder.onResult(c, o);
    }

    private void onEngine(Runnable task) {
        try {
            engine.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // shutting down
        }
    }

    @Override
    public void close() {
        if (!started.compareAndSet(true, false)) {
            engine.shutdownNow();
            return;
        }
        mirror.removeListener(listener);
        engine.shutdownNow();
    }
}
