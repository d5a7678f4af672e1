package dev.beacon.core.watch;

import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import dev.beacon.core.etcd.EtcdConnection;
import io.etcd.jetcd.options.GetOption;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import static dev.beacon.core.etcd.Bytes.of;

/**
 * Fans one mirror's changes out to any number of subscribers, each with its own bounded queue
 * (see {@link Subscription}). A subscriber may start from a past revision: the changes after it are
 * replayed from the mirror's ring of recent changes when it still holds them, else from etcd (a watch
 * from that revision, see {@link EtcdReplay}); then it goes live, with nothing lost or repeated,
 * because replay and registration happen on the mirror's serial thread between two batches.
 *
 * <p>Threading: the mirror's thread only appends to queues; delivery runs on {@code executor}
 * (virtual threads where available), so a subscriber blocked on a slow connection holds only
 * its own delivery.
 */
public final class ChangeFeed implements MirrorListener, AutoCloseable {
    public static final int DEFAULT_QUEUE = 4096;

    private final PrefixMirror mirror;
    private final Executor executor;
    private final EtcdConnection etcd;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

    public ChangeFeed(PrefixMirror mirror, Executor executor, EtcdConnection etcd) {
        this.mirror = mirror;
        this.executor = executor;
        this.etcd = etcd;
        mirror.addListener(this);
    }

    public PrefixMirror mirror() {
        return mirror;
    }

    /**
     * Fails fast, before a transport commits to a stream, when the changes after {@code afterRevision}
     * can be replayed neither from memory nor from etcd. Blocks up to the request timeout; call it on a
     * request thread.
     *
     * @throws BeaconException COMPACTED when etcd has compacted that revision away; ETCD_UNAVAILABLE
     */
    public void requireReplayable(long afterRevision) {
        if (afterRevision < 0 || afterRevision >= mirror.replayFloor()) {
            return;
        }
        GetOption atRevision = GetOption.builder().withRevision(afterRevision + 1).withCountOnly(true)
                .withLimit(1).build();
        etcd.await("replay changes after revision " + afterRevision,
                () -> etcd.client().getKVClient().get(of(mirror.prefix()), atRevision));
    }

    /**
     * Subscribes to the changes under {@code keyPrefix} (which the mirror must hold entirely).
     *
     * @param afterRevision replay every change after this revision first; a negative value means "from now"
     * @param queueCapacity how many undelivered changes the subscriber may lag before it is cut off
     * @return the subscription; its replay and registration complete asynchronously
     *         ({@link Subscription#started()}). When the changes after {@code afterRevision} can no longer
     *         be replayed, the subscriber is closed with {@link Subscription.CloseReason#COMPACTED}.
     */
    public Subscription subscribe(String keyPrefix, long afterRevision, int queueCapacity, Subscriber subscriber) {
        return subscribe(List.of(keyPrefix), afterRevision, queueCapacity, subscriber);
    }

    /** The same for the changes under any of several key prefixes (e.g. a service's instances and their health). */
    public Subscription subscribe(List<String> keyPrefixes, long afterRevision, int queueCapacity, Subscriber subscriber) {
        for (String keyPrefix : keyPrefixes) {
            if (!mirror.coversPrefix(keyPrefix)) {
                throw new IllegalArgumentException(keyPrefix + " is not held entirely by the mirror of " + mirror.prefix());
            }
        }
        Subscription s = new Subscription(keyPrefixes, queueCapacity, subscriber, executor, afterRevision < 0 ? -1 : afterRevision);
        s.onEnd(() -> subscriptions.remove(s));
        try {
            mirror.runSerially(() -> register(s, afterRevision));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            s.end(Subscription.CloseReason.SHUTDOWN);
        }
        return s;
    }

    /** Runs on the mirror's serial thread, between two batches. */
    private void register(Subscription s, long afterRevision) {
        if (!s.isOpen()) {
            return;
        }
        if (afterRevision < 0) {
            s.markStarted(mirror.revision());
            subscriptions.add(s);
            return;
        }
        List<ChangeEvent> replay;
        try {
            replay = filter(mirror.replayAfter(afterRevision), s);
        } catch (BeaconException e) {
            if (e.code() != ErrorCode.COMPACTED) {
                throw e;
            }
            // Older than the ring: replay from etcd up to the mirror's revision; live changes wait meanwhile.
            s.hold();
            s.markStarted(afterRevision);
            subscriptions.add(s);
            EtcdReplay replayFromEtcd = EtcdReplay.start(etcd, mirror, s, afterRevision, mirror.revision());
            s.onEnd(replayFromEtcd::close);
            return;
        }
        s.markStarted(afterRevision);
        s.offerInitial(replay);
        subscriptions.add(s);
    }

    /** How many subscriptions are open. */
    public int size() {
        return subscriptions.size();
    }

    /** Runs on the mirror's serial thread. */
    @Override
    public void onChanges(List<ChangeEvent> changes, long revision) {
        for (Subscription s : subscriptions) {
            List<ChangeEvent> mine = filter(changes, s);
            if (!mine.isEmpty()) {
                s.offer(mine);
            }
        }
    }

    /** The changes {@code s} receives: {@code changes} itself when all match (the common case: no copy). */
    private static List<ChangeEvent> filter(List<ChangeEvent> changes, Subscription s) {
        int n = changes.size();
        int first = 0;
        while (first < n && s.matches(changes.get(first).key())) {
            first++;
        }
        if (first == n) {
            return changes;
        }
        List<ChangeEvent> out = new ArrayList<>(n - 1);
        for (int i = 0; i < n; i++) {
            ChangeEvent e = changes.get(i);
            if (i < first || (i > first && s.matches(e.key()))) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        mirror.removeListener(this);
        for (Subscription s : List.copyOf(subscriptions)) {
            s.end(Subscription.CloseReason.SHUTDOWN);
        }
    }
}
