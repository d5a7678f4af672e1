package dev.beacon.server.events;

import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import dev.beacon.core.watch.ChangeEvent;
import dev.beacon.core.watch.ChangeFeed;
import dev.beacon.core.watch.Subscriber;
import dev.beacon.core.watch.Subscription;
import io.javalin.http.Context;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where every push transport meets the change feeds: it opens SSE streams, answers long polls and
 * subscribes WebSocket connections, all through {@link ChangeFeed#subscribe}, so they share one
 * ordering and resume contract. It also pings quiet SSE streams and ends every stream on shutdown.
 *
 * <p>Threading: nothing here holds a thread while waiting. SSE responses and long polls are async
 * (Javalin futures); deliveries run on the feeds' delivery executor; pings are handed to it too.
 */
public final class EventHub implements AutoCloseable {
    /** Queue of one SSE or WebSocket subscriber: how far it may fall behind before it is cut off. */
    public static final int QUEUE = ChangeFeed.DEFAULT_QUEUE;
    /** Long polls answer from the first batch; their queue only has to hold one replay from memory. */
    static final int LONG_POLL_QUEUE = 50_000;
    public static final Duration PING = Duration.ofSeconds(15);
    /** A write to one client blocked this long means it stopped reading: its stream is cut off. */
    public static final Duration STALL = Duration.ofSeconds(10);
    private static final Duration LOAD_WAIT = Duration.ofSeconds(5);
    private static final int SSE_BUFFER = 1024;

    private final ExecutorService delivery;
    private final Set<SseStream> streams = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, SseFrames> frames = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> pinger;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicInteger pollsHeld = new java.util.concurrent.atomic.AtomicInteger();
    private final Set<Subscription> polls = ConcurrentHashMap.newKeySet();
    private final Set<WsConnection> sockets = ConcurrentHashMap.newKeySet();
    /** How long {@link #close} waits for WebSocket subscribers to be sent their resync and close frame. */
    static final Duration WS_GOODBYE = Duration.ofSeconds(5);

    public EventHub(ScheduledExecutorService scheduler, ExecutorService delivery) {
        this.delivery = delivery;
        long ping = PING.toMillis();
        this.pinger = scheduler.scheduleWithFixedDelay(this::pingAll, ping / 3, ping / 3, TimeUnit.MILLISECONDS);
    }

    /**
     * Answers {@code ctx} with an SSE stream of {@code scope}'s changes after {@code afterRevision}
     * (negative: from now). Fails before anything is sent when that revision cannot be replayed.
     */
    public void openSse(Context ctx, StreamScope scope, long afterRevision) throws IOException {
        requireOpen();
        requireLoaded(scope);
        long after = scope.startAfter(afterRevision);
        scope.feed().requireReplayable(after);
        ctx.status(200).contentType("text/event-stream; charset=utf-8")
                .header("Cache-Control", "no-cache").header("X-Accel-Buffering", "no");
        // every write is flushed at once: a stream needs no aggregation buffer (Jetty's default is 32 KiB of
        // direct memory per response, held while the stream lives: 320 MB for 10,000 streams)
        ctx.res().setBufferSize(SSE_BUFFER);
        SseFrames shared = frames(scope);
        SseStream stream;
        Subscription s;
        try {
            stream = new SseStream(ctx, scope, shared);
            s = scope.feed().subscribe(scope.keyPrefixes(), after, QUEUE, stream);
        } catch (RuntimeException | IOException e) {
            release(scope, shared);
            throw e;
        }
        stream.done().whenComplete((v, e) -> {
            streams.remove(stream);
            release(scope, shared);
        });
        long start = startOf(s);
        ctx.header(dev.beacon.api.Headers.REVISION, Long.toString(start));
        streams.add(stream);
        stream.open(s, start);
        ctx.future(stream::response);
    }

    /** The frames shared by every SSE stream of {@code scope}'s key (see {@link SseFrames#key}); counted until released. */
    private SseFrames frames(StreamScope scope) {
        String key = SseFrames.key(scope);
        if (key == null) {
            return new SseFrames(scope);
        }
        return frames.compute(key, (k, f) -> {
            SseFrames shared = f != null ? f : new SseFrames(scope);
            shared.users++;
            return shared;
        });
    }

    private void release(StreamScope scope, SseFrames shared) {
        String key = SseFrames.key(scope);
        if (key != null) {
            frames.computeIfPresent(key, (k, f) -> f != shared || --f.users > 0 ? f : null);
        }
    }

    /**
     * A long poll's outcome: the changes after the revision asked for, as the scope lists them (empty on timeout),
     * where to resume, and the answer's JSON body {@code {"revision","changes"}} (null when there are no changes),
     * encoded once for every poll of the scope that got the same changes.
     */
    public record Poll(long revision, List<Object> changes, byte[] json) {
        Poll(long revision, List<Object> changes) {
            this(revision, changes, changes.isEmpty() ? null : encode(revision, changes));
        }

        private static byte[] encode(long revision, List<Object> changes) {
            java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("revision", revision);
            body.put("changes", changes);
            try {
                return dev.beacon.server.http.Json.MAPPER.writeValueAsBytes(body);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("cannot write a long poll's answer", e);
            }
        }
    }

    /** The last answer given to the polls of one scope: polls woken by the same batch share it. */
    private record SharedPoll(ChangeEvent first, ChangeEvent last, int size, Poll poll) {
    }

    private final ConcurrentHashMap<String, SharedPoll> lastPolls = new ConcurrentHashMap<>();

    /** The answer to a poll of {@code scope} woken by {@code events}: built once per scope and batch. */
    private Poll pollAnswer(StreamScope scope, List<ChangeEvent> events) {
        String key = scope.change().getClass().getName() + '\n' + scope.name();
        ChangeEvent first = events.get(0);
        ChangeEvent last = events.get(events.size() - 1);
        SharedPoll shared = lastPolls.get(key);
        if (shared != null && shared.first() == first && shared.last() == last && shared.size() == events.size()) {
            return shared.poll();
        }
        List<Object> changes = events.stream().map(scope.change()).filter(java.util.Objects::nonNull).toList();
        Poll poll = new Poll(last.revision(), changes);
        if (lastPolls.size() > 10_000) {
            lastPolls.clear();
        }
        lastPolls.put(key, new SharedPoll(first, last, events.size(), poll));
        return poll;
    }

    /**
     * Completes with the changes after {@code afterRevision} as soon as there are any, or with none after
     * {@code timeout}. Holds no thread meanwhile.
     */
    public CompletableFuture<Poll> poll(StreamScope scope, long afterRevision, Duration timeout, ScheduledExecutorService timer) {
        requireOpen();
        requireLoaded(scope);
        if (scope.change() == null) {
            throw BeaconException.badRequest(scope.name() + " has no long poll; use its event stream");
        }
        scope.feed().requireReplayable(afterRevision);
        CompletableFuture<Poll> answer = new CompletableFuture<>();
        Subscription s = scope.feed().subscribe(scope.keyPrefixes(), afterRevision, LONG_POLL_QUEUE, new Subscriber() {
            @Override
            public void onEvents(List<ChangeEvent> events) {
                Poll poll = pollAnswer(scope, events);
                if (!poll.changes().isEmpty()) { // changes that show nothing (e.g. bookkeeping keys) keep the poll waiting
                    answer.complete(poll);
                }
            }

            @Override
            public void onClose(Subscription.CloseReason reason) {
                StreamEnd end = StreamEnd.of(reason, afterRevision);
                if (end != null) {
                    answer.completeExceptionally(end.toException());
                } else if (reason == Subscription.CloseReason.UNSUBSCRIBED) {
                    answer.complete(new Poll(Math.max(afterRevision, scope.feed().mirror().revision()), List.of()));
                } else {
                    answer.completeExceptionally(new BeaconException(ErrorCode.ETCD_UNAVAILABLE,
                            "the change stream was interrupted (" + reason + ")", "poll again from your revision"));
                }
            }
        });
        ScheduledFuture<?> timeoutTask = timer.schedule(s::close, timeout.toMillis(), TimeUnit.MILLISECONDS);
        pollsHeld.incrementAndGet();
        polls.add(s);
        if (closed.get()) {
            s.end(Subscription.CloseReason.SHUTDOWN);
        }
        answer.whenComplete((p, e) -> {
            pollsHeld.decrementAndGet();
            polls.remove(s);
            timeoutTask.cancel(false);
            s.close();
        });
        return answer;
    }

    /** Subscribes a WebSocket connection's subscriber; returns once it has started, with its start revision. */
    Subscription subscribe(StreamScope scope, long afterRevision, Subscriber subscriber) {
        requireOpen();
        requireLoaded(scope);
        long after = scope.startAfter(afterRevision);
        scope.feed().requireReplayable(after);
        return scope.feed().subscribe(scope.keyPrefixes(), after, QUEUE, subscriber);
    }

    /** A WebSocket connection opened: it is said goodbye to on shutdown. One that opens after that is closed at once. */
    void opened(WsConnection c) {
        sockets.add(c);
        if (closed.get()) {
            sockets.remove(c);
            c.shutdown(Duration.ZERO);
        }
    }

    void gone(WsConnection c) {
        sockets.remove(c);
    }

    static long startOf(Subscription s) {
        try {
            return s.started().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            s.close();
            throw new BeaconException(ErrorCode.ETCD_UNAVAILABLE, "the change stream could not start: " + e.getMessage(),
                    "check /ready: the server's mirror of etcd may be reloading");
        }
    }

    /** How many SSE streams are open. */
    public int sseStreams() {
        return streams.size();
    }

    /** How many long polls are waiting for a change. */
    public int pollsHeld() {
        return pollsHeld.get();
    }

    /** Waits (briefly) for a mirror that is still loading, e.g. one just created for a new raw prefix. */
    private static void requireLoaded(StreamScope scope) {
        try {
            scope.feed().mirror().start().get(LOAD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new BeaconException(ErrorCode.ETCD_UNAVAILABLE, "the server has not loaded " + scope.feed().mirror().prefix()
                    + " from etcd yet", "check /ready and that etcd is reachable");
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new BeaconException(ErrorCode.ETCD_UNAVAILABLE, "the server is shutting down", "retry on another server");
        }
    }

    private void pingAll() {
        long quiet = PING.toNanos();
        long stall = STALL.toNanos();
        for (SseStream s : streams) {
            s.cutOffIfStalled(stall);
            delivery.execute(() -> s.pingIfQuiet(quiet));
        }
    }

    /**
     * Ends every SSE stream (each gets a final resync event), answers every held long poll (503 with a hint to
     * poll again) and ends every WebSocket connection (a resync message per subscription, then close code 1001 with a
     * reason that says to reconnect). Blocks until the WebSocket goodbyes are sent, at most {@link #WS_GOODBYE}: WebSocket
     * sessions are no HTTP requests in flight, so the drain would not wait for them.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        pinger.cancel(false);
        List<CompletableFuture<Void>> goodbyes = new java.util.ArrayList<>();
        for (WsConnection c : sockets) {
            goodbyes.add(c.shutdown(WS_GOODBYE));
        }
        for (Subscription poll : polls) {
            poll.end(Subscription.CloseReason.SHUTDOWN);
        }
        for (SseStream s : streams) {
            Subscription sub = s.subscription();
            if (sub != null) {
                sub.end(Subscription.CloseReason.SHUTDOWN);
            }
        }
        try {
            CompletableFuture.allOf(goodbyes.toArray(CompletableFuture[]::new)).get(WS_GOODBYE.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // the bound passed: the server stops anyway, and Jetty closes what is left
        }
    }
}
