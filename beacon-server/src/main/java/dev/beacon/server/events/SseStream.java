package dev.beacon.server.events;

import dev.beacon.core.watch.ChangeEvent;
import dev.beacon.core.watch.Subscriber;
import dev.beacon.core.watch.Subscription;
import dev.beacon.server.http.Connections;
import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One Server-Sent Events response carrying one subscription.
 *
 * <p>Wire format: per change {@code event: put|delete} and {@code data: <json>}; the last change of each
 * revision carries {@code id: <revision>}, so a client that reconnects with {@code Last-Event-ID} never
 * misses the rest of a transaction. The stream opens with {@code retry:} and {@code id: <start revision>}
 * (no data, so browsers record the id without an event), and ends with {@code event: resync} (resume from
 * the revision in its data) or {@code event: error} (e.g. COMPACTED: reload). Comment pings keep proxies
 * with idle timeouts from closing a quiet stream.
 *
 * <p>Threading: changes are written by the subscription's delivery thread, pings by the hub's; writes
 * are serialized on this object. A write may block on a slow client; only this stream waits. A stream cut
 * off while blocked is aborted (the connection closed) so the write returns.
 */
final class SseStream implements Subscriber {
    private final Context ctx;
    private final StreamScope scope;
    private final SseFrames frames;
    private final OutputStream out;
    private final CompletableFuture<Void> response = new CompletableFuture<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile boolean aborted;
    private final CountDownLatch opened = new CountDownLatch(1);
    private volatile long lastWriteNanos = System.nanoTime();
    private volatile long writingSinceNanos;
    private volatile long lastRevision;
    private volatile Subscription subscription;

    SseStream(Context ctx, StreamScope scope, SseFrames frames) throws IOException {
        this.ctx = ctx;
        this.scope = scope;
        this.frames = frames;
        this.out = ctx.res().getOutputStream();
    }

    /** Completes when the stream has ended, however it ended. */
    CompletableFuture<Void> done() {
        return done;
    }

    /**
     * For Javalin: completes when the response should be finished normally. After an abort or a failed
     * write Jetty has already ended the exchange, and finishing it again would act on a recycled request,
     * so it is then left incomplete (and collected with this stream).
     */
    CompletableFuture<Void> response() {
        return response;
    }

    Subscription subscription() {
        return subscription;
    }

    /** Writes the opening lines and lets deliveries through; call once, after the subscription started. */
    void open(Subscription s, long startRevision) throws IOException {
        this.subscription = s;
        this.lastRevision = startRevision;
        try {
            StreamScope.Snapshot now = scope.snapshot();
            write(now == null ? "retry: 2000\nid: " + startRevision + "\n\n"
                    : "retry: 2000\nevent: state\ndata: " + json(now.data()) + "\nid: " + startRevision + "\n\n");
        } finally {
            opened.countDown();
        }
    }

    /**
     * Writes the batch as one write: a single change is its shared frame as is (no copy, no encoding);
     * several (a subscriber that fell behind, a replay) are joined first.
     */
    @Override
    public void onEvents(List<ChangeEvent> events) throws Exception {
        if (!opened.await(30, TimeUnit.SECONDS)) {
            throw new IOException("stream was never opened");
        }
        int n = events.size();
        long last = events.get(n - 1).revision();
        if (n == 1) {
            SseFrames.Frame f = frames.frame(events.get(0));
            write(f.head() != null ? f.whole() : idOnly(last));
            lastRevision = last;
            return;
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream(n * 160);
        for (int i = 0; i < n; ) {
            long revision = events.get(i).revision();
            int end = i;
            while (end + 1 < n && events.get(end + 1).revision() == revision) {
                end++;
            }
            int lastWithData = -1;
            for (int k = i; k <= end; k++) {
                if (frames.frame(events.get(k)).head() != null) {
                    lastWithData = k;
                }
            }
            for (int k = i; k <= end; k++) {
                SseFrames.Frame f = frames.frame(events.get(k));
                if (f.head() == null) {
                    continue;
                }
                if (k == lastWithData) {
                    b.write(f.whole());
                } else {
                    b.write(f.head());
                    b.write('\n');
                }
            }
            if (lastWithData < 0 && end == n - 1) {
                b.write(idOnly(revision)); // nothing to show, but the position moves on
            }
            i = end + 1;
        }
        write(b.toByteArray());
        lastRevision = last;
    }

    private static byte[] idOnly(long revision) {
        return ("id: " + revision + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void onClose(Subscription.CloseReason reason) {
        try {
            StreamEnd end = StreamEnd.of(reason, lastRevision);
            if (end != null && end.code() != null) {
                write("event: error\ndata: " + json(Map.of("code", end.code().name(), "error", end.reason())) + "\n\n");
            } else if (end != null) {
                write("event: resync\ndata: " + json(Map.of("revision", end.revision(), "reason", end.reason())) + "\n\n");
            } else if (reason == Subscription.CloseReason.FAILED) {
                abort("a write to the client failed");
            } // unsubscribed: the server ends the response below
        } catch (IOException e) {
            abort("the client is gone: " + e.getMessage());
        } finally {
            done.complete(null);
            if (!aborted) {
                response.complete(null);
            }
        }
    }

    @Override
    public void onCutOff(Subscription.CloseReason reason) {
        abort("event stream cut off: " + reason);
    }

    private void abort(String why) {
        aborted = true;
        Connections.abort(ctx, why);
    }

    /** A comment line when the stream has been quiet for {@code quietNanos}; a failed write ends the stream. */
    void pingIfQuiet(long quietNanos) {
        if (opened.getCount() == 0 && System.nanoTime() - lastWriteNanos >= quietNanos && !done.isDone()) {
            try {
                write(": ping\n\n");
            } catch (IOException e) {
                Subscription s = subscription;
                if (s != null) {
                    s.end(Subscription.CloseReason.FAILED);
                }
            }
        }
    }

    /**
     * Ends the stream when one write has been blocked longer than {@code stallNanos}: the client stopped
     * reading (its queue may not be full yet when changes are rare). Called by the hub's timer.
     */
    void cutOffIfStalled(long stallNanos) {
        long since = writingSinceNanos;
        Subscription s = subscription;
        if (since != 0 && System.nanoTime() - since > stallNanos && s != null) {
            s.end(Subscription.CloseReason.RESYNC);
        }
    }

    private void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    private synchronized void write(byte[] bytes) throws IOException {
        if (aborted) {
            throw new IOException("stream aborted");
        }
        writingSinceNanos = System.nanoTime();
        try {
            out.write(bytes);
            out.flush();
        } finally {
            writingSinceNanos = 0;
        }
        lastWriteNanos = System.nanoTime();
    }

    private static String json(Object value) {
        return SseFrames.json(value);
    }
}
