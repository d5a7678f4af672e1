package dev.beacon.core.registry;

import dev.beacon.api.InstanceEventType;
import dev.beacon.api.InstanceStatus;
import dev.beacon.core.BeaconException;
import dev.beacon.core.Durations;
import dev.beacon.core.StoredJson;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.EtcdErrors;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.watch.Entry;
import dev.beacon.core.watch.PrefixMirror;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static dev.beacon.core.etcd.Bytes.of;

/**
 * What {@link HealthChecks} does with a probe's outcome: flap damping, the health record write
 * (compare-and-set on the record's mod revision and on the registration's create revision, with the
 * CHECK_PASSED/CHECK_FAILED event in the same transaction), and the removal after {@code deregisterAfter}.
 *
 * <p>Threading: {@link #onResult} runs on the engine thread, as do the write completions
 * ({@code engine}); a removal blocks a probe thread ({@code probes}), never the engine.
 */
final class HealthRecorder {
    private static final Logger log = LoggerFactory.getLogger(HealthRecorder.class);
    private static final long OUTPUT_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final EtcdConnection etcd;
    private final PrefixMirror mirror;
    private final KeyLayout keys;
    private final Registry registry;
    private final InstanceEvents events;
    private final int flapThreshold;
    private final Executor probes;
    private final Executor engine;

    HealthRecorder(EtcdConnection etcd, PrefixMirror mirror, KeyLayout keys, Registry registry, InstanceEvents events,
                   int flapThreshold, Executor probes, Executor engine) {
        this.etcd = etcd;
        this.mirror = mirror;
        this.keys = keys;
        this.registry = registry;
        this.events = events;
        this.flapThreshold = flapThreshold;
        this.probes = probes;
        this.engine = engine;
    }

    /** What the instance's health record says now: the mirror's, or this server's newer write. */
    private record Recorded(Entry instance, StoredHealth health, long modRevision) {
    }

    private Recorded recorded(CheckedInstance c) {
        Entry instance = mirror.get(c.key).orElse(null);
        if (instance == null || instance.createRevision() != c.createRevision) {
            return null;
        }
        Entry h = mirror.get(keys.health(c.service, c.id)).orElse(null);
        StoredHealth health = h == null ? null : StoredJson.read(h.value(), StoredHealth.class);
        long rev = h == null ? 0 : h.modRevision();
        if (c.written != null && c.writtenRevision > rev) {
            return new Recorded(instance, c.written, c.writtenRevision);
        }
        return new Recorded(instance, health, rev);
    }

    /** Decides what a probe's outcome changes, and writes it. Engine thread. */
    void onResult(CheckedInstance c, Probe.Outcome o) {
        InstanceStatus target = o.pass() ? InstanceStatus.UP : InstanceStatus.DOWN;
        Recorded r = recorded(c);
        if (r == null || c.writing || c.removing) {
            return;
        }
        InstanceStatus stored = r.health == null ? InstanceStatus.UNKNOWN : r.health.checkStatus();
        if (stored == target) {
            c.streak = 0;
            if (!Objects.equals(r.health.output(), o.output()) && System.nanoTime() - c.lastWriteNanos > OUTPUT_REFRESH_NANOS) {
                write(c, r, target, o, null);
            } else if (target == InstanceStatus.DOWN) {
                deregisterIfDownTooLong(c, r.health);
            }
            return;
        }
        if (stored != InstanceStatus.UNKNOWN && ++c.streak < flapThreshold) {
            return;
        }
        write(c, r, target, o, target == InstanceStatus.UP ? InstanceEventType.CHECK_PASSED : InstanceEventType.CHECK_FAILED);
    }

    private void write(CheckedInstance c, Recorded r, InstanceStatus target, Probe.Outcome o, InstanceEventType event) {
        String at = o.at().toString();
        boolean changed = r.health == null || r.health.checkStatus() != target;
        StoredHealth next = new StoredHealth(target.name(), o.output(), at, changed || r.health.since() == null ? at : r.health.since(),
                r.health == null ? null : r.health.override());
        String healthKey = keys.health(c.service, c.id);
        Cmp healthUnchanged = r.modRevision == 0 ? new Cmp(of(healthKey), Cmp.Op.EQUAL, CmpTarget.version(0))
                : new Cmp(of(healthKey), Cmp.Op.EQUAL, CmpTarget.modRevision(r.modRevision));
        PutOption onLease = PutOption.builder().withLeaseId(r.instance.lease()).build();
        c.writing = true;
        CompletableFuture<Long> eventLease = event == null ? CompletableFuture.completedFuture(0L) : events.lease();
        eventLease.thenCompose(lease -> etcd.call("record the health of " + c.service + "/" + c.id, () -> {
                    List<Op> ops = new ArrayList<>();
                    ops.add(Op.put(of(healthKey), of(StoredJson.write(next)), onLease));
                    if (event != null) {
                        ops.add(events.put(c.service, c.id, InstanceEvents.newSuffix(), event, o.output(), 0, lease));
                    }
                    return etcd.client().getKVClient().txn()
                            .If(new Cmp(of(c.key), Cmp.Op.EQUAL, CmpTarget.createRevision(c.createRevision)), healthUnchanged)
                            .Then(ops.toArray(Op[]::new)).commit();
                }))
                .whenCompleteAsync((txn, failure) -> {
                    c.writing = false;
                    if (failure != null) {
                        log.warn("could not record the health of {}/{} ({}); retrying on the next result", c.service, c.id,
                                EtcdErrors.unwrap(failure).getMessage());
                        if (EtcdErrors.unwrap(failure) instanceof BeaconException be && be.code() == dev.beacon.api.ErrorCode.NOT_FOUND) {
                            events.leaseLost(); // a lease etcd no longer has: the instance's (then it is gone) or the events'
                        }
                    } else if (txn.isSucceeded()) {
                        c.written = next;
                        c.writtenRevision = txn.getHeader().getRevision();
                        c.lastWriteNanos = System.nanoTime();
                        c.streak = 0;
                        if (changed) {
                            log.info("instance {}/{} is {}: {}", c.service, c.id, target, o.output());
                        }
                    }
                }, engine);
    }

    private void deregisterIfDownTooLong(CheckedInstance c, StoredHealth health) {
        Duration after = c.spec.deregisterAfter();
        if (after == null || health.since() == null) {
            return;
        }
        Instant since;
        try {
            since = Instant.parse(health.since());
        } catch (RuntimeException e) {
            return;
        }
        if (Instant.now().isBefore(since.plus(after))) {
            return;
        }
        c.removing = true;
        String detail = "DOWN since " + health.since() + ", longer than deregisterAfter " + Durations.format(after)
                + "; last check: " + health.output();
        probes.execute(() -> {
            try {
                registry.remove(c.service, c.id, InstanceEventType.DEREGISTERED_BY_CHECK, detail, c.createRevision);
                log.info("instance {}/{} removed: {}", c.service, c.id, detail);
            } catch (BeaconException e) {
                log.warn("could not remove instance {}/{} after deregisterAfter: {}", c.service, c.id, e.getMessage());
            } finally {
                engine.execute(() -> c.removing = false);
            }
        });
    }
}
