package dev.beacon.core.watch;

import dev.beacon.core.BeaconException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChangeRingTest {
    private static ChangeEvent put(long revision) {
        return new ChangeEvent(ChangeEvent.Type.PUT, "k" + revision, "v", revision, null, null);
    }

    @Test
    void replaysOnlyChangesAfterTheGivenRevision() {
        ChangeRing ring = new ChangeRing(10);
        ring.reset(5);
        ring.addAll(List.of(put(6), put(7), put(9)));
        assertThat(ring.after(6)).extracting(ChangeEvent::revision).containsExactly(7L, 9L);
        assertThat(ring.after(9)).isEmpty();
        assertThat(ring.after(5)).hasSize(3);
    }

    @Test
    void evictionRaisesTheFloorAndOlderReplaysAreRefused() {
        ChangeRing ring = new ChangeRing(2);
        ring.reset(1);
        ring.addAll(List.of(put(2), put(3), put(4)));
        assertThat(ring.floor()).isEqualTo(2);
        assertThat(ring.after(2)).extracting(ChangeEvent::revision).containsExactly(3L, 4L);
        assertThatThrownBy(() -> ring.after(1)).isInstanceOf(BeaconException.class).hasMessageContaining("no longer in memory");
    }
}
