package dev.beacon.core.watch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** Records deliveries; can be made to block in onEvents until released. */
    private static final class Recorder implements Subscriber {
        final List<Long> revisions = java.util.Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<Subscription.CloseReason> closed = new CompletableFuture<>();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        volatile boolean block;
        volatile Subscription.CloseReason cutOff;

        @Override
        public void onEvents(List<ChangeEvent> events) throws Exception {
            entered.countDown();
            if (block && !release.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            if (cutOff != null) {
                throw new java.io.IOException("aborted");
            }
            events.forEach(e -> revisions.add(e.revision()));
        }

        @Override
        public void onClose(Subscription.CloseReason reason) {
            closed.complete(reason);
        }

        @Override
        public void onCutOff(Subscription.CloseReason reason) {
            cutOff = reason;
            release.countDown();
        }
    }

    private static List<ChangeEvent> events(long... revisions) {
        List<ChangeEvent> out = new ArrayList<>();
        for (long r : revisions) {
            out.add(new ChangeEvent(ChangeEvent.Type.PUT, "k" + r, "v", r, null, null));
        }
        return out;
    }

    @Test
    void changesAtOrBelowTheStartRevisionAreDroppedAndTheRestArriveInOrder() throws Exception {
        Recorder r = new Recorder();
        Subscription s = new Subscription("k", 100, r, executor, 5);
        s.markStarted(5);
        s.offer(events(4, 5, 6));
        s.offer(events(7, 8));
        org.awaitility.Awaitility.await().until(() -> r.revisions.size() == 3);
        assertThat(r.revisions).containsExactly(6L, 7L, 8L);
        assertThat(s.lastDelivered()).isEqualTo(8);
        s.close();
        assertThat(r.closed.get(5, TimeUnit.SECONDS)).isEqualTo(Subscription.CloseReason.UNSUBSCRIBED);
    }

    @Test
    void aSubscriberThatFallsBehindItsQueueIsCutOffAndToldToAbortItsWrite() throws Exception {
        Recorder r = new Recorder();
        r.block = true;
        Subscription s = new Subscription("k", 4, r, executor, 0);
        s.markStarted(0);
        s.offer(events(1));
        assertThat(r.entered.await(5, TimeUnit.SECONDS)).isTrue();
        s.offer(events(2, 3, 4));
        assertThat(s.isOpen()).isTrue();
        s.offer(events(5));
        assertThat(s.isOpen()).isFalse();
        assertThat(r.closed.get(5, TimeUnit.SECONDS)).isEqualTo(Subscription.CloseReason.RESYNC);
        assertThat(r.cutOff).isEqualTo(Subscription.CloseReason.RESYNC);
        assertThat(r.revisions).isEmpty();
    }

    @Test
    void aBatchBeingDeliveredStillCountsAsLag() throws Exception {
        Recorder r = new Recorder();
        r.block = true;
        Subscription s = new Subscription("k", 3, r, executor, 0);
        s.markStarted(0);
        s.offer(events(1, 2, 3));
        assertThat(r.entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(s.backlog()).isEqualTo(3);
        s.offer(events(4));
        assertThat(r.closed.get(5, TimeUnit.SECONDS)).isEqualTo(Subscription.CloseReason.RESYNC);
    }

    @Test
    void aStartingReplayLongerThanTheQueueIsAllowedAndDelivered() throws Exception {
        Recorder r = new Recorder();
        Subscription s = new Subscription("k", 2, r, executor, 0);
        s.markStarted(0);
        s.offerInitial(events(1, 2, 3, 4, 5));
        s.offer(events(6));
        org.awaitility.Awaitility.await().until(() -> r.revisions.size() == 6);
        assertThat(s.isOpen()).isTrue();
        s.offer(events(7, 8));
        org.awaitility.Awaitility.await().until(() -> r.revisions.size() == 8);
    }

    @Test
    void heldLiveChangesWaitBehindTheReplayAndFollowItOnceReleased() throws Exception {
        Recorder r = new Recorder();
        Subscription s = new Subscription("k", 100, r, executor, 10);
        s.markStarted(10);
        s.hold();
        s.offer(events(21, 22));
        s.offerReplay(events(11, 12));
        s.offerReplay(events(12, 13));
        org.awaitility.Awaitility.await().until(() -> r.revisions.size() == 3);
        assertThat(r.revisions).containsExactly(11L, 12L, 13L);
        s.release();
        org.awaitility.Awaitility.await().until(() -> r.revisions.size() == 5);
        assertThat(r.revisions).containsExactly(11L, 12L, 13L, 21L, 22L);
    }

    @Test
    void aSubscriptionFromNowStartsAtTheRevisionItWasRegisteredAt() throws Exception {
        Recorder r = new Recorder();
        Subscription s = new Subscription("k", 100, r, executor, -1);
        s.markStarted(42);
        assertThat(s.started().get(1, TimeUnit.SECONDS)).isEqualTo(42);
        s.offer(events(42, 43));
        org.awaitility.Awaitility.await().until(() -> r.revisions.size() == 1);
        assertThat(r.revisions).containsExactly(43L);
    }

    @Test
    void onCloseRunsExactlyOnceWhenEndedTwice() throws Exception {
        List<Subscription.CloseReason> reasons = java.util.Collections.synchronizedList(new ArrayList<>());
        Subscription s = new Subscription("k", 10, new Subscriber() {
            @Override
            public void onEvents(List<ChangeEvent> events) {
            }

            @Override
            public void onClose(Subscription.CloseReason reason) {
                reasons.add(reason);
            }
        }, executor, 0);
        s.end(Subscription.CloseReason.SHUTDOWN);
        s.close();
        org.awaitility.Awaitility.await().until(() -> !reasons.isEmpty());
        executor.shutdown();
        executor.awaitTermination(5, TimeUnit.SECONDS);
        assertThat(reasons).containsExactly(Subscription.CloseReason.SHUTDOWN);
    }
}
