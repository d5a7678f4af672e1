package dev.beacon.core.config;

import dev.beacon.core.watch.ChangeEvent;
import dev.beacon.core.watch.MirrorListener;
import dev.beacon.core.watch.PrefixMirror;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lets a writer wait until the server's mirror has applied its write, so that a read on the same server
 * right after a write sees it (read-your-writes). Waiters are completed by the mirror's listener call
 * (on the mirror's serial thread, which only completes futures and never blocks).
 */
final class MirrorClock implements MirrorListener {
    private record Waiter(long revision, CompletableFuture<Void> done) {
    }

    private final PrefixMirror mirror;
    private final List<Waiter> waiters = new ArrayList<>();

    MirrorClock(PrefixMirror mirror) {
        this.mirror = mirror;
        mirror.addListener(this);
    }

    /** Blocks until the mirror reflects {@code revision}, at most {@code max}; returns whether it does. */
    boolean await(long revision, Duration max) {
        if (mirror.revision() >= revision) {
            return true;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (waiters) {
            waiters.add(new Waiter(revision, done));
        }
        if (mirror.revision() >= revision) {
            done.complete(null);
        }
        try {
            done.get(max.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            synchronized (waiters) {
                waiters.removeIf(w -> w.done() == done);
            }
        }
    }

    @Override
    public void onChanges(List<ChangeEvent> changes, long revision) {
        synchronized (waiters) {
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.revision() <= revision) {
                    w.done().complete(null);
                    it.remove();
                }
            }
        }
    }
}
