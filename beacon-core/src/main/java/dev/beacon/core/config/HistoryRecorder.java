package dev.beacon.core.config;

import dev.beacon.api.ErrorCode;
import dev.beacon.api.HistoryRecord;
import dev.beacon.core.Backoff;
import dev.beacon.core.BeaconException;
import dev.beacon.core.StoredJson;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.keys.KeyLayout.ConfigKey;
import dev.beacon.core.watch.ChangeEvent;
import dev.beacon.core.watch.ChangeFeed;
import dev.beacon.core.watch.Entry;
import dev.beacon.core.watch.PrefixMirror;
import dev.beacon.core.watch.Subscriber;
import dev.beacon.core.watch.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes the history record of every config change — through Beacon or made directly in etcd (etcdctl) —
 * exactly once, whatever the number of Beacon servers.
 *
 * <p>How: a write's revision is only known once its transaction has committed, so records are written
 * after the fact. Every server subscribes to the config prefix on its root change feed and, for each
 * change at revision R, creates {@code {root}/history/{app}/{profile}/{key}/{R}} in a create-if-absent
 * transaction (compare version = 0): the first server to get there writes it, the others' compares fail,
 * so each change has one record. Who made a Beacon change and why travel in the metadata key written in
 * the same transaction as the value (same mod revision; see {@link ConfigMeta}).
 *
 * <p>Nothing acknowledged is lost: each server advances a checkpoint ({@code {root}/meta/history-checkpoint},
 * only ever upwards) to the revision of the last change it has recorded, and a starting server subscribes
 * from the checkpoint, which replays every change after it from the mirror's ring or from etcd's history
 * (exact revisions, deletes included). When etcd has compacted those revisions (or there is no checkpoint
 * yet), it falls back to a scan: every item's current value is recorded at its mod revision, and every
 * delete tombstone left by a Beacon delete at its revision. Only intermediate versions and deletes made
 * outside Beacon inside a compacted gap during which no server ran are then unrecorded.
 *
 * <p>Retention: after creating a PUT record, the recorder deletes the key's oldest records beyond
 * {@code retention} by key (never the newest). After a DELETE record, the item's metadata key is removed
 * if it is not newer than the delete.
 *
 * <p>Threading: records are written on the feed's delivery thread for this subscription (it may block,
 * retrying while etcd is unreachable; a recorder that falls behind its queue is cut off and resumes from
 * the last change it recorded). Start-up, scans and resubscription run on the recorder's own thread.
 * Lifecycle: {@link #start()} once; {@link #close()} is idempotent.
 */
public final class HistoryRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HistoryRecorder.class);
    private static final int QUEUE = 10_000;

    private enum State { NEW, RUNNING, CLOSED }

    private final EtcdConnection etcd;
    private final KeyLayout keys;
    private final ChangeFeed feed;
    private final PrefixMirror mirror;
    private final ItemReader reader;
    private final HistoryWriter writer;
    private final ExecutorService control;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private volatile Subscription subscription;
    private volatile long recordedThrough;
    private long checkpointSaved;
    private ScheduledFuture<?> ticker;

    /** @param store the config store whose item reader (metadata beside each change) the recorder shares */
    public HistoryRecorder(EtcdConnection etcd, KeyLayout keys, ChangeFeed rootFeed, int retention, ConfigStore store) {
        this.etcd = etcd;
        this.keys = keys;
        this.feed = rootFeed;
        this.mirror = rootFeed.mirror();
        this.reader = store.reader();
        this.writer = new HistoryWriter(etcd, keys, retention);
        this.control = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "beacon-history");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts in the background: waits for the mirror's first load, then catches up and follows the feed. */
    public void start() {
        if (state.compareAndSet(State.NEW, State.RUNNING)) {
            control.execute(this::begin);
            ticker = etcd.scheduler().scheduleWithFixedDelay(() -> runControl(this::saveCheckpoint), 2, 2, TimeUnit.SECONDS);
        }
    }

    /** The revision of the last config change this server has recorded (or found recorded). */
    public long recordedThrough() {
        return recordedThrough;
    }

    private void begin() {
        try {
            mirror.start().get();
        } catch (Exception e) {
            return; // the mirror was closed: so are we
        }
        Long checkpoint = readCheckpoint();
        if (checkpoint == null) {
            log.info("no history checkpoint yet: recording the current config items");
            subscribeFrom(scan());
        } else {
            subscribeFrom(checkpoint);
        }
    }

    private void subscribeFrom(long afterRevision) {
        if (state.get() != State.RUNNING) {
            return;
        }
        subscription = feed.subscribe(keys.configRoot(), afterRevision, QUEUE, new Recorder());
    }

    /** Delivers the config changes in order; runs on the feed's delivery thread. */
    private final class Recorder implements Subscriber {
        private volatile boolean cut;

        @Override
        public void onEvents(List<ChangeEvent> events) {
            for (ChangeEvent e : events) {
                ConfigKey at = keys.parseConfig(e.key());
                if (at != null) {
                    withRetry(() -> record(at, e), () -> cut);
                }
                recordedThrough = Math.max(recordedThrough, e.revision());
            }
        }

        @Override
        public void onCutOff(Subscription.CloseReason reason) {
            cut = true;
        }

        @Override
        public void onClose(Subscription.CloseReason reason) {
            cut = true;
            runControl(() -> resume(reason));
        }
    }

    private void resume(Subscription.CloseReason reason) {
        if (state.get() != State.RUNNING || reason == Subscription.CloseReason.SHUTDOWN
                || reason == Subscription.CloseReason.UNSUBSCRIBED) {
            return;
        }
        if (reason == Subscription.CloseReason.COMPACTED) {
            log.warn("history recorder: the changes after revision {} were compacted in etcd; recording the current items", recordedThrough);
            subscribeFrom(scan());
            return;
        }
        long from = subscription == null ? recordedThrough : Math.max(recordedThrough, subscription.lastDelivered());
        log.info("history recorder resubscribes after revision {} ({})", from, reason);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        subscribeFrom(from);
    }

    /** Records one change (idempotent). */
    private void record(ConfigKey at, ChangeEvent e) {
        if (e.isPut()) {
            ConfigMeta meta = metaAt(at, e.revision());
            String updatedAt = meta != null ? meta.updatedAt() : Instant.now().toString();
            String by = meta == null ? null : meta.updatedBy();
            String comment = meta == null ? null : meta.comment();
            long version = e.entry() == null ? 0 : e.entry().version();
            writer.write(at, new HistoryRecord(e.revision(), version, e.value(), "PUT", updatedAt, by, comment));
        } else {
            recordDelete(at, e);
        }
    }

    /**
     * A delete seen live has its exact revision. One seen in a mirror's re-list carries the re-list's revision
     * instead: then a Beacon delete's tombstone gives the exact one, and a delete already recorded after the
     * previous value (by a server that saw it live) is not recorded again.
     */
    private void recordDelete(ConfigKey at, ChangeEvent e) {
        long previous = e.previous() == null ? 0 : e.previous().modRevision();
        long revision = e.revision();
        Entry tomb = mirror.get(keys.configMeta(at.app(), at.profile(), at.key())).orElse(null);
        ConfigMeta tombMeta = tomb == null ? null : StoredJson.read(tomb.value(), ConfigMeta.class);
        if (tombMeta != null && tombMeta.isDelete() && tomb.modRevision() > previous && tomb.modRevision() < revision) {
            revision = tomb.modRevision();
        }
        if (previous > 0 && writer.deleteRecordedAfter(at, previous)) {
            writer.dropMetaUpTo(at, revision);
            return;
        }
        ConfigMeta meta = metaAt(at, revision);
        String updatedAt = meta != null ? meta.updatedAt() : Instant.now().toString();
        writer.write(at, new HistoryRecord(revision, 0, null, "DELETE", updatedAt,
                meta == null ? null : meta.updatedBy(), meta == null ? null : meta.comment()));
        writer.dropMetaUpTo(at, revision);
    }

    /** The metadata written with the change at {@code revision}: from memory, or from etcd at that revision when it has moved on since. */
    private ConfigMeta metaAt(ConfigKey at, long revision) {
        ConfigMeta meta = reader.freshMeta(at, revision);
        if (meta != null || !reader.metaMovedOn(at, revision)) {
            return meta;
        }
        return writer.metaAtRevision(at, revision);
    }

    /**
     * Records what the mirror shows: each item's value at its mod revision and each Beacon delete's tombstone.
     * Returns the revision the scan started at (the changes after it follow from the feed).
     */
    private long scan() {
        long from = mirror.revision();
        int items = 0;
        for (Entry e : mirror.list(keys.configRoot())) {
            ConfigKey at = keys.parseConfig(e.key());
            if (at != null && state.get() == State.RUNNING) {
                ChangeEvent put = new ChangeEvent(ChangeEvent.Type.PUT, e.key(), e.value(), e.modRevision(), e, null);
                withRetry(() -> record(at, put), () -> state.get() != State.RUNNING);
                items++;
            }
        }
        for (Entry m : mirror.list(keys.configMetaRoot())) {
            ConfigMeta meta = StoredJson.read(m.value(), ConfigMeta.class);
            ConfigKey at = keys.parseConfigMeta(m.key());
            if (meta == null || !meta.isDelete() || at == null) {
                continue;
            }
            String configKey = keys.config(at.app(), at.profile(), at.key());
            Entry now = mirror.get(configKey).orElse(null);
            if (now == null || now.createRevision() > m.modRevision()) {
                ChangeEvent delete = new ChangeEvent(ChangeEvent.Type.DELETE, configKey, null, m.modRevision(), null, null);
                withRetry(() -> record(at, delete), () -> state.get() != State.RUNNING);
            }
        }
        log.info("history recorder scanned {} items at revision {}", items, from);
        recordedThrough = Math.max(recordedThrough, from);
        return from;
    }

    private Long readCheckpoint() {
        return mirror.get(keys.historyCheckpoint()).map(e -> {
            try {
                return Long.parseLong(e.value().trim());
            } catch (NumberFormatException bad) {
                return null;
            }
        }).orElse(null);
    }

    private void saveCheckpoint() {
        long through = recordedThrough;
        if (through <= checkpointSaved || state.get() != State.RUNNING) {
            return;
        }
        try {
            writer.raiseCheckpoint(through);
            checkpointSaved = through;
        } catch (BeaconException e) {
            log.debug("history checkpoint not saved: {}", e.getMessage());
        }
    }

    /** Runs {@code op}, retrying with backoff while etcd is unavailable, until it succeeds or {@code stop} says so. */
    private static void withRetry(Runnable op, java.util.function.BooleanSupplier stop) {
        Backoff backoff = new Backoff(200, 5000);
        while (true) {
            try {
                op.run();
                return;
            } catch (BeaconException e) {
                if (e.code() != ErrorCode.ETCD_UNAVAILABLE) {
                    log.error("history record not written: {}", e.getMessage());
                    return;
                }
                if (stop.getAsBoolean()) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff.nextDelayMs()));
            }
        }
    }

    private void runControl(Runnable task) {
        try {
            control.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closing
        }
    }

    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        if (ticker != null) {
            ticker.cancel(false);
        }
        Subscription s = subscription;
        if (s != null) {
            s.close();
        }
        control.shutdownNow();
    }
}
