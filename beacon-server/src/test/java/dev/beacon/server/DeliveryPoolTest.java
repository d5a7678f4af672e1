package dev.beacon.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryPoolTest {
    private final DeliveryPool pool = new DeliveryPool("test-delivery", 1, Duration.ofMillis(20));

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aTaskBlockedOnItsWorkerDoesNotStopTheOthers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blockedStarted = new CountDownLatch(1);
        pool.execute(() -> {
            blockedStarted.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(blockedStarted.await(10, TimeUnit.SECONDS)).isTrue();
        // the only worker is blocked: the rest still run, on the worker started in its place
        CountDownLatch others = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) {
            pool.execute(others::countDown);
        }
        assertThat(others.await(10, TimeUnit.SECONDS)).as("tasks behind a blocked one ran").isTrue();
        assertThat(pool.threads()).isGreaterThanOrEqualTo(2);
        release.countDown();
    }

    @Test
    void tasksRunOnceEachAndAFailingTaskDoesNotKillItsWorker() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1000);
        for (int i = 0; i < 1000; i++) {
            int n = i;
            pool.execute(() -> {
                ran.incrementAndGet();
                done.countDown();
                if (n % 100 == 0) {
                    throw new IllegalStateException("a delivery failed");
                }
            });
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran.get()).isEqualTo(1000);
    }

    @Test
    void afterShutdownNothingIsAccepted() {
        List<Runnable> left = new ArrayList<>(pool.shutdownNow());
        assertThat(left).isEmpty();
        assertThat(pool.isShutdown()).isTrue();
        assertThatThrownBy(() -> pool.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }
}
