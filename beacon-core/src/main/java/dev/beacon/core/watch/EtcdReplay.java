package dev.beacon.core.watch;

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
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.beacon.core.etcd.Bytes.of;
import static dev.beacon.core.etcd.Bytes.str;

/**
 * Replays one subscription's changes from etcd when they are older than the mirror's ring: a watch on
 * the subscription's key prefix from {@code after + 1}, whose changes up to {@code upTo} (the mirror's
 * revision when the subscription was registered) go to the subscription ahead of the live ones it holds.
 *
 * <p>Completion: etcd delivers a watch's events in revision order, so the first event past {@code upTo}
 * proves that every change up to it has been replayed; the watch then closes and the held live changes
 * are released. Any live change for the prefix is also such an event, so live changes are never held
 * longer than it takes the watch to reach them; until one exists there is nothing to hold.
 *
 * <p>Threading: jetcd calls the listener on its event loop; the listener only converts and appends to
 * the subscription's queue (never blocks). Compaction ends the subscription with COMPACTED; a watch that
 * ends otherwise ends it with RESYNC (the client resumes from what it received).
 */
final class EtcdReplay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EtcdReplay.class);

    private final PrefixMirror mirror;
    private final Subscription subscription;
    private final long upTo;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Watch.Watcher watcher;

    private EtcdReplay(PrefixMirror mirror, Subscription subscription, long upTo) {
        this.mirror = mirror;
        this.subscription = subscription;
        this.upTo = upTo;
    }

    static EtcdReplay start(EtcdConnection etcd, PrefixMirror mirror, Subscription subscription, long after, long upTo) {
        EtcdReplay replay = new EtcdReplay(mirror, subscription, upTo);
        if (after >= upTo) {
            replay.finish();
            return replay;
        }
        WatchOption option = WatchOption.builder().isPrefix(true).withRevision(after + 1).withPrevKV(true).build();
        try {
            replay.watcher = etcd.client().getWatchClient().watch(of(subscription.commonPrefix()), option,
                    Watch.listener(replay::onResponse, replay::onError, replay::onCompleted));
        } catch (RuntimeException e) {
            log.warn("cannot replay changes under {} after revision {}: {}", subscription.commonPrefix(), after, e.toString());
            subscription.end(Subscription.CloseReason.RESYNC);
        }
        if (replay.done.get()) {
            replay.closeWatcher();
        }
        return replay;
    }

    private void onResponse(WatchResponse response) {
        if (done.get()) {
            return;
        }
        List<ChangeEvent> batch = new ArrayList<>();
        boolean caughtUp = false;
        for (WatchEvent event : response.getEvents()) {
            KeyValue kv = event.getKeyValue();
            long rev = kv.getModRevision();
            if (rev > upTo) {
                caughtUp = true;
                break;
            }
            String key = str(kv.getKey());
            if (!mirror.covers(key) || !subscription.matches(key)) {
                continue;
            }
            KeyValue prev = event.getPrevKV();
            ChangeEvent change = ChangeEvent.of(event, prev == null || prev.getKey().isEmpty() ? null : Entry.of(prev));
            if (change != null) {
                batch.add(change);
            }
        }
        if (!batch.isEmpty()) {
            subscription.offerReplay(batch);
        }
        if (caughtUp) {
            finish();
        }
    }

    private void onError(Throwable error) {
        if (done.get()) {
            return;
        }
        if (EtcdErrors.isWatchTerminal(error)) {
            boolean compacted = EtcdErrors.map(error, "replay", List.of()).code() == dev.beacon.api.ErrorCode.COMPACTED;
            log.info("replay of {} ended: {}", subscription.commonPrefix(), EtcdErrors.unwrap(error).getMessage());
            done.set(true);
            subscription.end(compacted ? Subscription.CloseReason.COMPACTED : Subscription.CloseReason.RESYNC);
            closeWatcher();
        }
        // otherwise jetcd resumes the watch by itself from the last revision it delivered
    }

    private void onCompleted() {
        if (done.compareAndSet(false, true)) {
            subscription.end(Subscription.CloseReason.RESYNC);
        }
    }

    private void finish() {
        if (done.compareAndSet(false, true)) {
            subscription.release();
            closeWatcher();
        }
    }

    private void closeWatcher() {
        Watch.Watcher w = watcher;
        if (w != null) {
            try {
                w.close();
            } catch (RuntimeException e) {
                log.debug("closing replay watcher", e);
            }
        }
    }

    @Override
    public void close() {
        done.set(true);
        closeWatcher();
    }
}
