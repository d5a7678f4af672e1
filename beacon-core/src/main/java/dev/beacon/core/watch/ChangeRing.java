package dev.beacon.core.watch;

import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recent changes of one mirror, bounded. {@link #floor()} is the revision R such that
 * every change after R is held; a replay from an older revision cannot be served from memory.
 * Guarded by its own monitor; written only by the mirror's serial executor.
 */
final class ChangeRing {
    private final int capacity;
    private final ArrayDeque<ChangeEvent> events = new ArrayDeque<>();
    private long floor;

    ChangeRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("ring capacity must be positive");
        }
        this.capacity = capacity;
    }

    synchronized void addAll(List<ChangeEvent> batch) {
        events.addAll(batch);
        while (events.size() > capacity) {
            floor = Math.max(floor, events.removeFirst().revision());
        }
    }

    /** After a (re)load at {@code revision}: history before it is unknown to memory. */
    synchronized void reset(long revision) {
        events.clear();
        floor = revision;
    }

    synchronized long floor() {
        return floor;
    }

    synchronized List<ChangeEvent> after(long revision) {
        if (revision < floor) {
            throw new BeaconException(ErrorCode.COMPACTED, "changes after revision " + revision
                    + " are no longer in memory (oldest replayable: " + floor + ")",
                    "replay from etcd or reload the current state");
        }
        List<ChangeEvent> out = new ArrayList<>();
        var it = events.descendingIterator();
        while (it.hasNext()) {
            ChangeEvent e = it.next();
            if (e.revision() <= revision) {
                break;
            }
            out.add(e);
        }
        java.util.Collections.reverse(out);
        return out;
    }
}
