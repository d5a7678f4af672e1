package dev.beacon.client.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

    @Test
    void theCeilingDoublesPerAttemptUpToTheMaximum() {
        assertThat(backoff.ceilingMillis(0)).isEqualTo(100);
        assertThat(backoff.ceilingMillis(1)).isEqualTo(200);
        assertThat(backoff.ceilingMillis(4)).isEqualTo(1600);
        assertThat(backoff.ceilingMillis(5)).isEqualTo(2000);
        assertThat(backoff.ceilingMillis(500)).isEqualTo(2000);
    }

    @Test
    void everyDelayIsBetweenHalfTheCeilingAndTheCeiling() {
        for (int attempt = 0; attempt < 10; attempt++) {
            long ceiling = backoff.ceilingMillis(attempt);
            for (int i = 0; i < 200; i++) {
                assertThat(backoff.delayMillis(attempt)).isBetween(ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void aMaximumBelowTheBaseIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
