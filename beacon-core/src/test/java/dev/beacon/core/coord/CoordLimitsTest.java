package dev.beacon.core.coord;

import dev.beacon.core.BeaconException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoordLimitsTest {
    @Test
    void ttlIsRequiredAndBetweenTwoAndThreeHundredSeconds() {
        assertThat(CoordLimits.ttl(2L)).isEqualTo(2);
        assertThat(CoordLimits.ttl(300L)).isEqualTo(300);
        assertThatThrownBy(() -> CoordLimits.ttl(null)).isInstanceOf(BeaconException.class).hasMessageContaining("ttl is missing");
        assertThatThrownBy(() -> CoordLimits.ttl(1L)).hasMessageContaining("between 2 and 300");
        assertThatThrownBy(() -> CoordLimits.ttl(301L)).hasMessageContaining("got 301");
    }

    @Test
    void waitMsDefaultsToZeroAndIsNeverNegativeNorOverFiveMinutes() {
        assertThat(CoordLimits.waitMs(null)).isZero();
        assertThat(CoordLimits.waitMs(300_000L)).isEqualTo(300_000);
        assertThatThrownBy(() -> CoordLimits.waitMs(-1L)).hasMessageContaining("waitMs must be between 0 and 300000");
        assertThatThrownBy(() -> CoordLimits.waitMs(300_001L)).hasMessageContaining("got 300001");
    }

    @Test
    void labelsAreOptionalUnlessRequiredShortAndFreeOfControlCharacters() {
        assertThat(CoordLimits.label("owner", null, false)).isEmpty();
        assertThat(CoordLimits.label("candidate", "node-a:8080", true)).isEqualTo("node-a:8080");
        assertThatThrownBy(() -> CoordLimits.label("candidate", "", true)).hasMessageContaining("candidate is missing");
        assertThatThrownBy(() -> CoordLimits.label("owner", "x".repeat(257), false)).hasMessageContaining("at most 256");
        assertThatThrownBy(() -> CoordLimits.label("owner", "a\tb", false)).hasMessageContaining("control character at position 1");
    }

    @Test
    void tokensAndLeaseIdsArePresentAndPositive() {
        assertThat(CoordLimits.positive("token", 7L)).isEqualTo(7);
        assertThatThrownBy(() -> CoordLimits.positive("token", null)).hasMessageContaining("token is missing");
        assertThatThrownBy(() -> CoordLimits.positive("leaseId", 0L)).hasMessageContaining("leaseId must be a positive number");
    }
}
