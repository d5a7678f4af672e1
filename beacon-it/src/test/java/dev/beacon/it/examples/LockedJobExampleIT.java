package dev.beacon.it.examples;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Java example of docs/coordination.md runs as written: it holds the lock while its job runs, then releases it. */
class LockedJobExampleIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    @Test
    void theJobRunsUnderTheLockWithItsTokenAndTheLockIsReleasedAfter() throws Exception {
        AtomicLong seenHolder = new AtomicLong();

        long token = LockedJob.run(beacon.url(), "nightly-report", "report-worker-1", (t, stillHeld) -> {
            assertThat(stillHeld.getAsBoolean()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> beacon.http().get("/api/v1/locks/nightly-report").status() == 200);
            seenHolder.set(beacon.http().get("/api/v1/locks/nightly-report").json().get("token").asLong());
        });

        assertThat(token).isPositive().isEqualTo(seenHolder.get());
        await().atMost(Duration.ofSeconds(5)).until(() -> beacon.http().get("/api/v1/locks/nightly-report").status() == 404);
    }
}
