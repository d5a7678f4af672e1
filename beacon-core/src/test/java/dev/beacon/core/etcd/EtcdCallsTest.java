package dev.beacon.core.etcd;

import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EtcdCallsTest {
    @Test
    void theOperationIsTheFirstWordOfTheDescriptionInLowerCase() {
        assertThat(EtcdCalls.operation("read key /a b")).isEqualTo("read");
        assertThat(EtcdCalls.operation("Grant")).isEqualTo("grant");
        assertThat(EtcdCalls.operation("  ")).isEqualTo("other");
        assertThat(EtcdCalls.operation(null)).isEqualTo("other");
    }

    @Test
    void observersHearEveryCallWithItsOutcome() {
        EtcdCalls calls = new EtcdCalls();
        List<String> heard = new ArrayList<>();
        calls.addObserver((op, outcome, nanos) -> heard.add(op + " " + outcome));
        calls.record("write key /x", null, 1_000);
        calls.record("read key /y", new BeaconException(ErrorCode.ETCD_UNAVAILABLE, "down"), 1_000);
        calls.record("read key /z", new IllegalStateException("bug"), 1_000);
        assertThat(heard).containsExactly("write ok", "read ETCD_UNAVAILABLE", "read INTERNAL");
    }

    @Test
    void onlyCallsAtLeastTheThresholdAreKeptSlowestFirst() {
        EtcdCalls calls = new EtcdCalls();
        calls.slowThreshold(Duration.ofMillis(100));
        Instant before = Instant.now().minusSeconds(1);
        calls.record("read fast", null, Duration.ofMillis(99).toNanos());
        calls.record("read slow", null, Duration.ofMillis(150).toNanos());
        calls.record("write slower", null, Duration.ofMillis(900).toNanos());
        assertThat(calls.slowSince(before)).extracting(EtcdCalls.SlowCall::what).containsExactly("write slower", "read slow");
        assertThat(calls.slowSince(Instant.now().plusSeconds(1))).isEmpty();
    }

    @Test
    void atMostKeptSlowCallsAreRemembered() {
        EtcdCalls calls = new EtcdCalls();
        calls.slowThreshold(Duration.ofMillis(1));
        for (int i = 0; i < EtcdCalls.KEPT + 50; i++) {
            calls.record("read " + i, null, Duration.ofMillis(5).toNanos());
        }
        assertThat(calls.slowSince(Instant.EPOCH)).hasSize(EtcdCalls.KEPT);
    }

    @Test
    void aThresholdMustBePositive() {
        assertThatThrownBy(() -> new EtcdCalls().slowThreshold(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
