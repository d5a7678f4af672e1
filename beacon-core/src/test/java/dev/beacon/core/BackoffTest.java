package dev.beacon.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {
    @Test
    void delaysDoubleFromTheInitialUpToTheMaxWithAtMostHalfAgainOfJitter() {
        Backoff b = new Backoff(200, 5000);
        long[] bases = {200, 400, 800, 1600, 3200, 5000, 5000, 5000};
        for (long base : bases) {
            assertThat(b.nextDelayMs()).isBetween(base, base + base / 2);
        }
        assertThat(b.failures()).isEqualTo(bases.length);
    }

    @Test
    void resetStartsOverFromTheInitialDelay() {
        Backoff b = new Backoff(100, 1000);
        for (int i = 0; i < 50; i++) {
            b.nextDelayMs();
        }
        b.reset();
        assertThat(b.failures()).isZero();
        assertThat(b.nextDelayMs()).isBetween(100L, 150L);
    }

    @Test
    void nonsenseBoundsAreRefused() {
        assertThatThrownBy(() -> new Backoff(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(10, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
