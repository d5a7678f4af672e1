package dev.beacon.server.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceContextTest {
    @Test
    void aValidTraceparentIsContinuedWithANewSpan() {
        TraceContext t = TraceContext.continueFrom("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(t.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(t.spanId()).matches("[0-9a-f]{16}").isNotEqualTo("00f067aa0ba902b7");
        assertThat(t.header()).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-" + t.spanId() + "-01");
    }

    @Test
    void upperCaseAndAFutureVersionWithMoreFieldsAreAccepted() {
        assertThat(TraceContext.continueFrom("00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-00").traceId())
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        TraceContext future = TraceContext.continueFrom("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra");
        assertThat(future.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(future.header()).startsWith("00-");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01"})
    void anythingElseStartsANewTrace(String header) {
        TraceContext t = TraceContext.continueFrom(header);
        assertThat(t.traceId()).matches("[0-9a-f]{32}").isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(t.spanId()).matches("[0-9a-f]{16}");
        assertThat(t.flags()).isEqualTo("01");
    }
}
