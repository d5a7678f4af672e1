package dev.beacon.core.registry;

import dev.beacon.api.Check;
import dev.beacon.core.BeaconException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckSpecTest {
    @Test
    void httpCheckGetsDefaultIntervalAndATimeoutNoLongerThanIt() {
        CheckSpec spec = CheckSpec.parse(new Check("http://10.0.0.5:8080/health", null, null, null, null));
        assertThat(spec.kind()).isEqualTo(CheckSpec.Kind.HTTP);
        assertThat(spec.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(spec.deregisterAfter()).isNull();
        assertThat(CheckSpec.parse(new Check("https://x/h", null, "500ms", null, null)).timeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void normalizedCheckShowsEveryDurationInTheApiSyntax() {
        Check c = CheckSpec.parse(new Check(null, "db.local:5432", "1m", "2s", "10m")).normalized();
        assertThat(c).isEqualTo(new Check(null, "db.local:5432", "1m", "2s", "10m"));
        assertThat(CheckSpec.parse(new Check(null, "[::1]:80", null, null, null)).normalized().tcp()).isEqualTo("[::1]:80");
    }

    @Test
    void tcpTargetsParseHostAndPortIncludingIpv6() {
        CheckSpec v6 = CheckSpec.parse(new Check(null, "[::1]:6379", "1s", null, null));
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6.port()).isEqualTo(6379);
    }

    @Test
    void badChecksSayWhatIsWrong() {
        assertBad(new Check(null, null, null, null, null), "exactly one of");
        assertBad(new Check("http://a", "a:1", null, null, null), "exactly one of");
        assertBad(new Check("file:///etc/passwd", null, null, null, null), "http:// or https://");
        assertBad(new Check("not a url", null, null, null, null), "is not a URL");
        assertBad(new Check("http:///x", null, null, null, null), "has no host");
        assertBad(new Check(null, "host", null, null, null), "must be host:port");
        assertBad(new Check(null, "host:0", null, null, null), "use 1-65535");
        assertBad(new Check(null, "host:x", null, null, null), "not a number");
        assertBad(new Check(null, "h:1", "99ms", null, null), "between 100ms and 1h");
        assertBad(new Check(null, "h:1", "2h", null, null), "between 100ms and 1h");
        assertBad(new Check(null, "h:1", "ten", null, null), "is not a duration");
        assertBad(new Check(null, "h:1", null, "0ms", null), "more than 0");
        assertBad(new Check(null, "h:1", null, "2m", null), "at most 1m");
        assertBad(new Check(null, "h:1", null, null, "500ms"), "at least 1s");
    }

    private static void assertBad(Check check, String message) {
        assertThatThrownBy(() -> CheckSpec.parse(check)).isInstanceOf(BeaconException.class).hasMessageContaining(message);
    }
}
