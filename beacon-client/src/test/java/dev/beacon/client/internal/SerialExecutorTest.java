package dev.beacon.client.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class SerialExecutorTest {
    @Test
    void tasksRunOneAtATimeInSubmissionOrderOnAPoolOfManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
            int[] running = {0};
            boolean[] overlapped = {false};
            for (int i = 0; i < 1000; i++) {
                int n = i;
                serial.execute(() -> {
                    synchronized (running) {
                        overlapped[0] |= ++running[0] > 1;
                    }
                    seen.add(n);
                    synchronized (running) {
                        running[0]--;
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).containsExactlyElementsOf(IntStream.range(0, 1000).boxed().toList());
            assertThat(overlapped[0]).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheOnesAfterIt() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            serial.execute(() -> {
                throw new IllegalStateException("listener bug");
            });
            serial.execute(() -> seen.add("after"));
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).containsExactly("after");
        } finally {
            pool.shutdownNow();
        }
    }
}
