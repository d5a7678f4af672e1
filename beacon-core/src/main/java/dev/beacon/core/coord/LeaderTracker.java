package dev.beacon.core.coord;

import dev.beacon.api.Leadership;
import dev.beacon.core.watch.ChangeEvent;
import dev.beacon.core.watch.Entry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the mirror's changes under one election's prefix ({@link Elections#prefix}) into leadership
 * changes, for a stream of them (SSE, WebSocket). A single change cannot say who leads (when the leader's
 * key goes, the next candidate leads), so the tracker holds the candidates: seeded from the mirror at
 * revision {@link #seededAt()}, then advanced by every later change in revision order.
 *
 * <p>Use, without a gap or a change counted twice: create the tracker with {@link Elections#tracker} (seeded
 * on the mirror's thread, so from one consistent revision), send {@link #current()} first ("read the current
 * leader before observing"), then subscribe to the election's prefix from {@link #seededAt()} (the change
 * feed replays every change after it) and pass each delivered change to {@link #apply}. Changes at or below
 * the seed's revision are ignored, so subscribing from an earlier revision is harmless too.
 *
 * <p>Not thread-safe: feed it from one subscription's delivery, which is sequential.
 */
public final class LeaderTracker {
    private final String name;
    private final long seededAt;
    private final Map<String, Entry> candidates = new HashMap<>();
    private Leadership current;

    LeaderTracker(String name, List<Entry> seed, long revision) {
        this.name = name;
        this.seededAt = revision;
        seed.forEach(e -> candidates.put(e.key(), e));
        this.current = compute(revision);
    }

    /** Builds a tracker from a known state, e.g. in tests or after a resync. */
    public static LeaderTracker of(String name, List<Entry> candidates, long revision) {
        return new LeaderTracker(name, candidates, revision);
    }

    /** The election's state after the last change applied (or the seed). */
    public Leadership current() {
        return current;
    }

    /** The revision the seed reflects. */
    public long seededAt() {
        return seededAt;
    }

    /**
     * Applies one change under the election's prefix.
     *
     * @return the new state when the leader changed (another candidate leads, or nobody); empty when only the
     *         queue behind the leader changed, or the change was already in the seed
     */
    public Optional<Leadership> apply(ChangeEvent event) {
        if (event.revision() <= seededAt) {
            return Optional.empty();
        }
        if (event.isPut() && event.entry() != null) {
            candidates.put(event.key(), event.entry());
        } else {
            candidates.remove(event.key());
        }
        Leadership before = current;
        current = compute(event.revision());
        return Objects.equals(before.leader(), current.leader()) ? Optional.empty() : Optional.of(current);
    }

    /** Applies a batch in order; returns every leadership change it made. */
    public List<Leadership> applyAll(List<ChangeEvent> events) {
        List<Leadership> out = new ArrayList<>();
        for (ChangeEvent e : events) {
            apply(e).ifPresent(out::add);
        }
        return out;
    }

    private Leadership compute(long revision) {
        return Elections.toLeadership(name, LeaseQueue.sorted(new ArrayList<>(candidates.values())), revision);
    }
}
