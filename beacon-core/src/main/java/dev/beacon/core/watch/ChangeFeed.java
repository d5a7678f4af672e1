package dev.beacon.core.watch;

import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Fans one mirror's changes out to any number of subscribers, each with its own bounded queue
 * (see {@link Subscription}). A subscriber may start from a past revision: the changes after it are
 * replayed from the mirror's ring, then it goes live, with nothing lost or repeated, because
 * replay and registration happen on the mirror's serial thread between two batches.
 *
 * <p>Threading: the mirror's thread only appends to queues; delivery runs on {@code executor}
 * (virtual threads where available), so a subscriber blocked on a slow connection holds only
 * its own delivery.
 */
public final class ChangeFeed implements MirrorListener, AutoCloseable {
    public static final int DEFAULT_QUEUE = 1024;

    private final PrefixMirror mirror;
    private final Executor executor;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

    public ChangeFeed(PrefixMirror mirror, Executor executor) {
        this.mirror = mirror;
        this.executor = executor;
        mirror.addListener(this);
    }

    public PrefixMirror mirror() {
        return mirror;
    }

    /**
     * Subscribes to the changes under {@code keyPrefix} (which lies under the mirror's prefix).
     *
     * @param afterRevision replay every change after this revision first; a negative value means "from now"
     * @param queueCapacity how many undelivered changes the subscriber may lag before it is cut off
     * @return the subscription; its replay and registration complete asynchronously. When the changes
     *         after {@code afterRevision} can no longer be replayed, the subscriber is closed with
     *         {@link Subscription.CloseReason#COMPACTED}.
     */
    public Subscription subscribe(String keyPrefix, long afterRevision, int queueCapacity, Subscriber subscriber) {
        if (!keyPrefix.startsWith(mirror.prefix())) {
            throw new IllegalArgumentException(keyPrefix + " is not under the mirror's prefix " + mirror.prefix());
        }
        long start = afterRevision < 0 ? mirror.revision() : afterRevision;
        Subscription[] holder = new Subscription[1];
        Subscription s = new Subscription(keyPrefix, queueCapacity, subscriber, executor,
                () -> subscriptions.remove(holder[0]), start);
        holder[0] = s;
        mirror.runSerially(() -> {
            if (!s.isOpen()) {
                return;
            }
            if (afterRevision >= 0) {
                List<ChangeEvent> replay;
                try {
                    replay = filter(mirror.replayAfter(afterRevision), s);
                } catch (BeaconException e) {
                    if (e.code() == ErrorCode.COMPACTED) {
                        s.end(Subscription.CloseReason.COMPACTED);
                        return;
                    }
                    throw e;
                }
                s.offer(replay);
            }
            subscriptions.add(s);
        });
        return s;
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

    private static List<ChangeEvent> filter(List<ChangeEvent> changes, Subscription s) {
        List<ChangeEvent> out = new ArrayList<>();
        for (ChangeEvent e : changes) {
            if (s.matches(e.key())) {
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
