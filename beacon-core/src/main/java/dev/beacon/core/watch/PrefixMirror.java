package dev.beacon.core.watch;

import dev.beacon.api.ErrorCode;
import dev.beacon.core.Backoff;
import dev.beacon.core.BeaconException;
import dev.beacon.core.Read;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.EtcdErrors;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Supplier;

import static dev.beacon.core.etcd.Bytes.of;
import static dev.beacon.core.etcd.Bytes.str;

/**
 * An in-memory copy of every key under one etcd prefix: read the range at revision R, then watch
 * from R+1, applying events strictly in revision order (after etcd's {@code client/v3/mirror}).
 *
 * <p>Threading: jetcd delivers watch responses on its event loop; the mirror only hands them to its
 * own single-threaded serial executor, where all state changes, listener calls and subscription
 * registrations run. {@link #read} is the read gate every feature answers through: it runs a reader
 * against one applied revision (an optimistic {@link StampedLock} read, retried under the read lock when
 * a batch was applied meanwhile), so an answer's revision is exactly the one its body reflects — never
 * newer (a client polling from it would miss a change) and never older. It waits, bounded by the request
 * timeout, for the first load, then answers 503 {@code ETCD_UNAVAILABLE}. The plain accessors
 * ({@link #get}, {@link #list}, {@link #revision}) are lock-free on any thread, for code that needs no
 * revision with its answer.
 *
 * <p>Recovery: a watch's {@code onError} fires on every stream break while jetcd resumes the watch
 * by itself from the last revision + 1, so transient errors only mark the mirror as disconnected.
 * Other errors that end the watch ("no leader" while a cluster elects, halt errors, an unexpected
 * completion) make the mirror watch again from its applied revision + 1, with backoff and jitter, so
 * every change in between still arrives one by one. Only compaction — the history after the applied
 * revision is gone — makes it re-list at the current revision, emit the difference as changes (each
 * key's latest value: intermediate values are gone from etcd too) and watch from that revision + 1.
 * Events at or below the applied revision are dropped, so a resumed stream never repeats one.
 *
 * <p>Lifecycle: {@link #start()} once; {@link #close()} is idempotent and cancels the watch.
 */
public final class PrefixMirror implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PrefixMirror.class);

    public enum State { NEW, LOADING, LIVE, RESYNCING, CLOSED }

    private final EtcdConnection etcd;
    private final String prefix;
    private final List<String> excluded;
    private final ExecutorService serial;
    private final ConcurrentSkipListMap<String, Entry> entries = new ConcurrentSkipListMap<>();
    private final List<MirrorListener> listeners = new CopyOnWriteArrayList<>();
    private final ChangeRing ring;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CompletableFuture<Void> firstLoad = new CompletableFuture<>();
    /** Held for writing by the serial thread while it applies a batch or a snapshot; readers read optimistically. */
    private final StampedLock applying = new StampedLock();
    private volatile long revision;
    private volatile long confirmedRevision;
    private final java.util.concurrent.atomic.AtomicLong reloads = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean connected;
    private final java.util.concurrent.atomic.AtomicLong streamBreaks = new java.util.concurrent.atomic.AtomicLong();
    private volatile long lastBreakMillis;
    private volatile long behindSinceNanos;
    private Watch.Watcher watcher;
    private long watchGeneration;
    /** Retries of a failed load or watch; used on the serial thread only. */
    private final Backoff backoff = new Backoff(400, 5000);

    public PrefixMirror(EtcdConnection etcd, String prefix, int ringCapacity) {
        this(etcd, prefix, List.of(), ringCapacity);
    }

    /**
     * @param excluded prefixes under {@code prefix} that the mirror neither loads nor holds (e.g. history
     *                 records, which only etcd keeps); their changes still advance the mirror's revision
     */
    public PrefixMirror(EtcdConnection etcd, String prefix, List<String> excluded, int ringCapacity) {
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("a mirror needs a non-empty prefix");
        }
        for (String x : excluded) {
            if (!x.startsWith(prefix) || x.equals(prefix)) {
                throw new IllegalArgumentException("excluded prefix " + x + " must lie strictly under " + prefix);
            }
        }
        this.etcd = etcd;
        this.prefix = prefix;
        this.excluded = List.copyOf(excluded);
        this.ring = new ChangeRing(ringCapacity);
        this.serial = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "beacon-mirror " + prefix);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts loading; the future completes once the first load has succeeded (it retries until then). */
    public CompletableFuture<Void> start() {
        if (state.compareAndSet(State.NEW, State.LOADING)) {
            serial.execute(this::reload);
        }
        return firstLoad;
    }

    public String prefix() {
        return prefix;
    }

    /** True when the mirror holds {@code key}'s changes: under its prefix and not under an excluded one. */
    public boolean covers(String key) {
        return key.startsWith(prefix) && !isExcluded(key);
    }

    /**
     * True when the mirror holds every watchable key under {@code keyPrefix}: it lies under the mirror's prefix and not
     * inside an excluded range. A prefix above an excluded range (e.g. the whole key root) is held without that range:
     * the unbounded ranges (history, audit trail, instance events) are never mirrored, so never streamed either.
     */
    public boolean coversPrefix(String keyPrefix) {
        return keyPrefix.startsWith(prefix) && !isExcluded(keyPrefix);
    }

    private boolean isExcluded(String key) {
        for (String x : excluded) {
            if (key.startsWith(x)) {
                return true;
            }
        }
        return false;
    }

    /** At most this many answers are kept by {@link #readOnce} (then all are dropped and built again on demand). */
    private static final int MAX_BUILT = 10_000;
    private final java.util.concurrent.ConcurrentHashMap<String, Built> built = new java.util.concurrent.ConcurrentHashMap<>();

    public State state() {
        return state.get();
    }

    /** True once the first load has succeeded (the mirror then answers reads, stale or not). */
    public boolean isLoaded() {
        return firstLoad.isDone() && !firstLoad.isCompletedExceptionally();
    }

    /** True once loaded and while the watch stream is believed to be connected. */
    public boolean isCurrent() {
        State s = state.get();
        return s == State.LIVE && connected;
    }

    /** The revision the mirror reflects: every change up to it under the prefix has been applied. */
    public long revision() {
        return revision;
    }

    /**
     * How long the mirror has been behind etcd's current revision as the connection monitor last saw
     * it, in milliseconds; 0 when it is caught up.
     */
    public long lagMillis() {
        long since = behindSinceNanos;
        return since == 0 ? 0 : (System.nanoTime() - since) / 1_000_000;
    }

    /** Called after every etcd monitor round with etcd's current revision to keep {@link #lagMillis()} true. */
    public void observeEtcdRevision(long etcdRevision) {
        if (etcdRevision <= Math.max(revision, confirmedRevision)) {
            behindSinceNanos = 0;
        } else if (behindSinceNanos == 0) {
            behindSinceNanos = System.nanoTime();
            requestProgress();
        } else {
            requestProgress();
        }
    }

    /**
     * The read gate: runs {@code reader} (which reads this mirror with {@link #get}/{@link #list}) against one
     * applied revision and returns its answer with that revision and whether it is stale. Waits for the first
     * load at most the request timeout. Blocks only for the first load or, rarely, for one batch being applied.
     *
     * @throws BeaconException {@code ETCD_UNAVAILABLE} when the mirror has not loaded within the request
     *                         timeout; whatever {@code reader} throws (e.g. NOT_FOUND), reflecting one revision
     */
    public <T> Read<T> read(Supplier<T> reader) {
        awaitFirstLoad();
        long stamp = applying.tryOptimisticRead();
        if (stamp != 0) {
            long at = revision;
            try {
                T value = reader.get();
                if (applying.validate(stamp)) {
                    return new Read<>(value, at, !isCurrent());
                }
            } catch (RuntimeException e) {
                if (applying.validate(stamp)) {
                    throw e;
                }
            }
        }
        stamp = applying.readLock();
        try {
            return new Read<>(reader.get(), revision, !isCurrent());
        } finally {
            applying.unlockRead(stamp);
        }
    }

    /**
     * The read gate with memory, for answers that are costly to build (a rendered document, a discovery answer):
     * {@code reader}'s answer for {@code key} is built at most once per applied revision (given the revision it
     * reads at) and served as is while the mirror stays at that revision. Exactly what {@link #read} would answer:
     * the value is the one built at the revision answered. {@code key} names the answer; callers prefix it with
     * their own kind.
     */
    @SuppressWarnings("unchecked")
    public <T> Read<T> readOnce(String key, java.util.function.LongFunction<T> reader) {
        long now = revision;
        Built hit = built.get(key);
        if (hit != null && hit.revision == now && isLoaded()) {
            return new Read<>((T) hit.value, now, !isCurrent());
        }
        Read<T> fresh = read(() -> reader.apply(revision));
        if (built.size() >= MAX_BUILT) {
            built.clear();
        }
        built.merge(key, new Built(fresh.revision(), fresh.value()), (old, neu) -> neu.revision >= old.revision ? neu : old);
        return fresh;
    }

    private record Built(long revision, Object value) {
    }

    private void awaitFirstLoad() {
        if (isLoaded()) {
            return;
        }
        start();
        try {
            firstLoad.get(etcd.settings().requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notLoaded();
        } catch (Exception e) {
            throw notLoaded();
        }
    }

    private BeaconException notLoaded() {
        return new BeaconException(ErrorCode.ETCD_UNAVAILABLE, "Beacon has not loaded " + prefix + " from etcd yet",
                "check that etcd is running and reachable at " + String.join(",", etcd.endpoints()));
    }

    public Optional<Entry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** Every entry whose key starts with {@code keyPrefix} (which should lie under this mirror's prefix), in key order. */
    public List<Entry> list(String keyPrefix) {
        return new ArrayList<>(entries.subMap(keyPrefix, true, keyPrefix + Character.MAX_VALUE, true).values());
    }

    public int size() {
        return entries.size();
    }

    /** How many times the mirror re-listed after its watch ended (compaction, halt), since it started. */
    public long reloads() {
        return reloads.get();
    }

    /** How many times the watch stream broke while connected (jetcd then resumes it, or the mirror re-lists). */
    public long streamBreaks() {
        return streamBreaks.get();
    }

    /** When the watch stream last broke (epoch milliseconds), 0 if never. */
    public long lastBreakMillis() {
        return lastBreakMillis;
    }

    /** Adds a listener for every later batch. To also replay history without a gap, use {@link #runSerially}. */
    public void addListener(MirrorListener listener) {
        listeners.add(listener);
    }

    public void removeListener(MirrorListener listener) {
        listeners.remove(listener);
    }

    /**
     * Runs {@code task} on the mirror's serial executor, between two batches: no change is applied
     * while it runs, so it can read {@link #replayAfter} and register a listener without missing or
     * repeating a change. The task must not block.
     */
    public CompletableFuture<Void> runSerially(Runnable task) {
        return CompletableFuture.runAsync(task, serial);
    }

    /**
     * The changes after {@code afterRevision} still held in memory, in order. Call only from
     * {@link #runSerially} for a consistent answer. Empty when nothing changed.
     *
     * @throws BeaconException {@link ErrorCode#COMPACTED} when changes after that revision are no longer
     *                         all in memory (the caller replays from etcd or reloads)
     */
    public List<ChangeEvent> replayAfter(long afterRevision) {
        return ring.after(afterRevision);
    }

    /** The oldest revision R such that every change after R is still in memory. */
    public long replayFloor() {
        return ring.floor();
    }

    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        try {
            // closing the watcher on the serial thread keeps it off a batch being applied; wait for it so
            // that no watch outlives the mirror (the connection may be closed right after)
            runSerially(() -> {
                closeWatcher();
                listeners.clear();
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("closing mirror {}", prefix, e);
        }
        serial.shutdown();
        firstLoad.completeExceptionally(new IllegalStateException("mirror closed"));
    }

    /** Hands work to the serial thread; after {@link #close()} it is dropped (jetcd may still call back). */
    private void onSerial(Runnable task) {
        try {
            serial.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the mirror is closed
        }
    }

    // ---- everything below runs on the serial executor ----

    private void reload() {
        if (state.get() == State.CLOSED) {
            return;
        }
        closeWatcher();
        etcd.call("load " + prefix, () -> MirrorSnapshot.load(etcd, prefix, excluded))
                .whenCompleteAsync((loaded, failure) -> {
                    if (failure != null) {
                        retryLater("load " + prefix, failure, this::reload);
                        return;
                    }
                    backoff.reset();
                    applySnapshot(loaded);
                    watchFrom(loaded.revision() + 1);
                }, this::onSerial);
    }

    private void applySnapshot(MirrorSnapshot snapshot) {
        boolean first = revision == 0 && state.get() == State.LOADING && !firstLoad.isDone();
        List<ChangeEvent> diff = first ? List.of() : snapshot.diff(entries);
        long previous = revision;
        long stamp = applying.writeLock();
        try {
            entries.clear();
            entries.putAll(snapshot.entries());
            revision = Math.max(revision, snapshot.revision());
            built.clear(); // a reload may replace entries without moving the revision (etcd restored from a backup)
        } finally {
            applying.unlockWrite(stamp);
        }
        confirmedRevision = Math.max(confirmedRevision, revision);
        ring.reset(revision);
        state.set(State.LIVE);
        connected = true;
        if (first) {
            log.info("mirror {} loaded {} keys at revision {}", prefix, entries.size(), revision);
            firstLoad.complete(null);
        } else {
            reloads.incrementAndGet();
            log.warn("mirror {} re-listed at revision {} (was {}): {} changes in between reconciled", prefix,
                    snapshot.revision(), previous, diff.size());
            if (!diff.isEmpty()) {
                notifyListeners(diff);
            }
        }
    }

    private void watchFrom(long fromRevision) {
        long generation = ++watchGeneration;
        WatchOption option = WatchOption.builder().isPrefix(true).withRevision(fromRevision).withPrevKV(true)
                .withProgressNotify(true).withRequireLeader(true).build();
        Watch.Listener listener = Watch.listener(
                response -> onSerial(() -> onResponse(generation, response)),
                error -> onSerial(() -> onWatchError(generation, error)),
                () -> onSerial(() -> onWatchCompleted(generation)));
        try {
            watcher = etcd.client().getWatchClient().watch(of(prefix), option, listener);
        } catch (RuntimeException e) {
            retryLater("watch " + prefix, e, this::rewatch);
        }
    }

    private void onResponse(long generation, WatchResponse response) {
        if (generation != watchGeneration || state.get() == State.CLOSED) {
            return;
        }
        if (!connected) {
            log.info("mirror {} watch stream is back at revision {}", prefix, revision);
        }
        connected = true;
        state.compareAndSet(State.RESYNCING, State.LIVE);
        backoff.reset();
        if (response.getEvents().isEmpty()) {
            // A progress notification. etcd 3.4 (before 3.4.25) answers a progress request with the current
            // revision even while a resumed watcher is still sending history, so it only confirms for the
            // lag measure and never advances the applied revision (which would drop the events behind it).
            confirmedRevision = Math.max(confirmedRevision, response.getHeader().getRevision());
            return;
        }
        List<ChangeEvent> batch = new ArrayList<>();
        long last = revision;
        long stamp = applying.writeLock();
        try {
            last = apply(response, batch);
            revision = last;
        } finally {
            applying.unlockWrite(stamp);
        }
        confirmedRevision = Math.max(confirmedRevision, last);
        if (!batch.isEmpty()) {
            notifyListeners(batch);
        }
    }

    /** Applies a watch response's events above the applied revision to the entries; returns the last revision seen. */
    private long apply(WatchResponse response, List<ChangeEvent> batch) {
        long last = revision;
        for (WatchEvent event : response.getEvents()) {
            KeyValue kv = event.getKeyValue();
            long rev = kv.getModRevision();
            if (rev <= revision) {
                continue; // already applied (a resumed stream); never repeat
            }
            last = Math.max(last, rev);
            String key = str(kv.getKey());
            if (isExcluded(key)) {
                continue; // not held, but it still advances the revision
            }
            ChangeEvent change = ChangeEvent.of(event, entries.get(key));
            if (change == null) {
                continue;
            }
            if (change.isPut()) {
                entries.put(key, change.entry());
            } else {
                entries.remove(key);
            }
            batch.add(change);
        }
        return last;
    }

    private void notifyListeners(List<ChangeEvent> batch) {
        ring.addAll(batch);
        List<ChangeEvent> view = List.copyOf(batch);
        for (MirrorListener listener : listeners) {
            try {
                listener.onChanges(view, revision);
            } catch (RuntimeException e) {
                log.error("mirror {} listener failed on a batch at revision {}", prefix, revision, e);
            }
        }
    }

    private void onWatchError(long generation, Throwable error) {
        if (generation != watchGeneration || state.get() == State.CLOSED) {
            return;
        }
        if (connected) {
            streamBreaks.incrementAndGet();
            lastBreakMillis = System.currentTimeMillis();
        }
        if (EtcdErrors.isCompacted(error)) {
            log.warn("mirror {} watch ended ({}); re-listing", prefix, EtcdErrors.unwrap(error).getMessage());
            state.set(State.RESYNCING);
            connected = false;
            reload();
        } else if (EtcdErrors.isWatchTerminal(error)) {
            state.set(State.RESYNCING);
            closeWatcher();
            retryLater("watching " + prefix + " again after the watch ended", error, this::rewatch);
        } else {
            if (connected) {
                log.warn("mirror {} watch stream broke ({}); jetcd resumes it from revision {}; serving from memory meanwhile",
                        prefix, EtcdErrors.unwrap(error).getMessage(), revision + 1);
            }
            connected = false;
        }
    }

    private void onWatchCompleted(long generation) {
        if (generation != watchGeneration || state.get() == State.CLOSED) {
            return;
        }
        log.warn("mirror {} watch completed unexpectedly; watching again from revision {}", prefix, revision + 1);
        state.set(State.RESYNCING);
        connected = false;
        closeWatcher();
        rewatch();
    }

    /** Watches again from the applied revision + 1 (the changes in between arrive one by one). */
    private void rewatch() {
        if (state.get() == State.CLOSED) {
            return;
        }
        closeWatcher();
        watchFrom(revision + 1);
    }

    private void retryLater(String what, Throwable failure, Runnable retry) {
        if (state.get() == State.CLOSED) {
            return;
        }
        connected = false;
        long delay = backoff.nextDelayMs();
        if (backoff.failures() == 1 || backoff.failures() % 10 == 0) {
            log.warn("mirror {}: {} failed ({}); retrying in {} ms", prefix, what, EtcdErrors.unwrap(failure).getMessage(), delay);
        }
        etcd.scheduler().schedule(() -> onSerial(retry), delay, TimeUnit.MILLISECONDS);
    }

    /**
     * Asks etcd for a progress notification when the watch stream is believed broken: its answer proves the
     * (resumed) stream works again and marks the mirror connected, even when nothing changes under the prefix.
     */
    public void probeIfDisconnected() {
        if (state.get() == State.LIVE && !connected) {
            try {
                etcd.client().getWatchClient().requestProgress();
            } catch (RuntimeException e) {
                log.debug("progress request failed", e);
            }
        }
    }

    private void requestProgress() {
        if (isCurrent()) {
            try {
                etcd.client().getWatchClient().requestProgress();
            } catch (RuntimeException e) {
                log.debug("progress request failed", e);
            }
        }
    }

    private void closeWatcher() {
        if (watcher != null) {
            watchGeneration++;
            try {
                watcher.close();
            } catch (RuntimeException e) {
                log.debug("closing watcher of {}", prefix, e);
            }
            watcher = null;
        }
    }
}
