package dev.beacon.client.internal;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ServerPoolTest {
    private static final URI A = URI.create("http://a:1");
    private static final URI B = URI.create("http://b:1");
    private static final URI C = URI.create("http://c:1");
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ServerPool pool = new ServerPool(List.of(A, B, C), new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)), now::get);

    @Test
    void serversAreTriedInListOrderAtFirst() {
        assertThat(pool.order()).containsExactly(A, B, C);
    }

    @Test
    void aFailedServerGoesLastUntilItsPenaltyEnds() {
        pool.failed(A);
        assertThat(pool.order()).containsExactly(B, C, A);
        assertThat(pool.skipped(A)).isTrue();
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(pool.skipped(A)).isFalse();
        assertThat(pool.order()).containsExactly(A, B, C);
    }

    @Test
    void callsStickToTheServerThatAnsweredLast() {
        pool.succeeded(B);
        assertThat(pool.order()).containsExactly(B, C, A);
    }

    @Test
    void whenEveryServerFailedTheOneAvailableSoonestComesFirst() {
        pool.failed(A);
        pool.failed(A);
        pool.failed(A); // 2.5–4 s
        pool.failed(B); // 0.5–1 s
        pool.failed(C);
        pool.failed(C); // 1–2 s
        assertThat(pool.order()).containsExactly(B, C, A);
    }

    @Test
    void aSuccessClearsThePenalty() {
        pool.failed(A);
        pool.succeeded(A);
        assertThat(pool.skipped(A)).isFalse();
        assertThat(pool.order().get(0)).isEqualTo(A);
    }
}
