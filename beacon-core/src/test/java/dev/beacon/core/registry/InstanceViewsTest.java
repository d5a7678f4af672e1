package dev.beacon.core.registry;

import dev.beacon.api.Check;
import dev.beacon.api.CheckResult;
import dev.beacon.api.Instance;
import dev.beacon.api.InstanceStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceViewsTest {
    private static final Check CHECK = new Check("http://h/health", null, "10s", "5s", null);

    private static StoredInstance stored(Check check) {
        return new StoredInstance("i", "s", "h", 80, List.of("t"), Map.of(), check, 10, "2026-01-01T00:00:00Z");
    }

    @Test
    void statusComesFromOverrideThenChecksThenTheLeaseAlone() {
        assertThat(InstanceViews.status(stored(null), null)).isEqualTo(InstanceStatus.UP);
        assertThat(InstanceViews.status(stored(CHECK), null)).isEqualTo(InstanceStatus.UNKNOWN);
        StoredHealth down = new StoredHealth("DOWN", "HTTP 500", "2026-01-01T00:00:01Z", "2026-01-01T00:00:01Z", null);
        assertThat(InstanceViews.status(stored(CHECK), down)).isEqualTo(InstanceStatus.DOWN);
        assertThat(InstanceViews.status(stored(CHECK), down.withOverride("OUT_OF_SERVICE"))).isEqualTo(InstanceStatus.OUT_OF_SERVICE);
        assertThat(InstanceViews.status(stored(CHECK), down.withOverride("NONSENSE"))).isEqualTo(InstanceStatus.DOWN);
    }

    @Test
    void lastCheckIsTheNewerOfTheStoredAndTheLocalResult() {
        StoredHealth up = new StoredHealth("UP", "HTTP 200", "2026-01-01T00:00:01Z", "2026-01-01T00:00:01Z", null);
        CheckResult newer = new CheckResult("UP", "HTTP 200", "2026-01-01T00:00:09.5Z");
        Instance i = InstanceViews.toApi("s", "i", stored(CHECK), 7, up, newer, "beacon-1");
        assertThat(i.lastCheck()).isEqualTo(newer);
        assertThat(i.checkedBy()).isEqualTo("beacon-1");
        assertThat(i.leaseId()).isEqualTo(7);
        CheckResult older = new CheckResult("UP", "HTTP 200", "2026-01-01T00:00:00.5Z");
        assertThat(InstanceViews.toApi("s", "i", stored(CHECK), 7, up, older, null).lastCheck().checkedAt()).isEqualTo(up.checkedAt());
        assertThat(InstanceViews.toApi("s", "i", stored(null), 7, up, newer, "beacon-1").lastCheck()).isNull();
        assertThat(InstanceViews.toApi("s", "i", stored(null), 7, up, newer, "beacon-1").checkedBy()).isNull();
    }
}
