package dev.beacon.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {
    @Test
    void parsesTheDocumentedUnits() {
        assertThat(Durations.parse("t", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("t", "10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("t", "1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse("t", "2h")).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void refusesAnythingElseNamingTheField() {
        assertThatThrownBy(() -> Durations.parse("interval", "10")).hasMessageContaining("interval '10' is not a duration");
        assertThatThrownBy(() -> Durations.parse("interval", "-1s")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Durations.parse("interval", "")).hasMessageContaining("interval is empty");
    }

    @Test
    void formatsAsTheShortestExactForm() {
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
    }
}
