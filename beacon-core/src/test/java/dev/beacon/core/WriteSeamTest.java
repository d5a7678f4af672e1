package dev.beacon.core;

import dev.beacon.api.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The recorder contract of the write seam: the answer waits for what recorders started; their failures never fail a write. */
class WriteSeamTest {
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final WriteSeam seam = new WriteSeam();
    private final Principal carol = new Principal("carol", null, "10.0.0.1");

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aWriteAnswersOnlyAfterItsRecordIsWritten() throws Exception {
        CompletableFuture<Void> recordWritten = new CompletableFuture<>();
        List<WriteRecord> started = new CopyOnWriteArrayList<>();
        seam.addRecorder(r -> {
            started.add(r);
            return recordWritten;
        });
        CompletableFuture<Long> answer = CompletableFuture.supplyAsync(() -> seam.write(carol, "config.put", "a/b/c", () -> 42L), executor);
        await().until(() -> !started.isEmpty());
        assertThat(started.get(0).revision()).isEqualTo(42);
        assertThat(answer).as("the answer waits for the record").isNotDone();
        recordWritten.complete(null);
        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(42);
    }

    @Test
    void aRecorderThatFailsOrThrowsNeverTurnsTheWriteIntoAnError() {
        seam.addRecorder(r -> CompletableFuture.failedFuture(new BeaconException(ErrorCode.ETCD_UNAVAILABLE, "etcd went away", null)));
        seam.addRecorder(r -> {
            throw new IllegalStateException("broken recorder");
        });
        assertThat(seam.write(carol, "kv.put", "k", () -> 7L)).isEqualTo(7);
    }

    @Test
    void aFailedWriteIsRecordedWithItsCodeAndStillFails() {
        List<WriteRecord> records = new CopyOnWriteArrayList<>();
        seam.addRecorder(r -> {
            records.add(r);
            return CompletableFuture.completedFuture(null);
        });
        assertThatThrownBy(() -> seam.write(carol, "config.put", "x", () -> {
            throw new BeaconException(ErrorCode.VERSION_CONFLICT, "changed meanwhile", null);
        })).isInstanceOf(BeaconException.class);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.result()).isEqualTo("VERSION_CONFLICT");
            assertThat(r.revision()).isZero();
            assertThat(r.who()).isEqualTo(carol);
        });
    }

    @Test
    void aRefusedWriteIsNeitherRunNorRecorded() {
        List<WriteRecord> records = new CopyOnWriteArrayList<>();
        seam.addRecorder(r -> {
            records.add(r);
            return null;
        });
        seam.addGuard((who, action, target) -> {
            throw new BeaconException(ErrorCode.FORBIDDEN, "no", null);
        });
        assertThatThrownBy(() -> seam.write(carol, "kv.put", "k", () -> {
            throw new AssertionError("must not run");
        })).isInstanceOf(BeaconException.class);
        assertThat(records).isEmpty();
    }
}
