package dev.beacon.core.registry;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Rendezvous hashing over the live servers: balanced, stable, and only the leaver's share moves. */
class RendezvousTest {
    private static final List<String> THREE = List.of("beacon-aaaaaaaaaaaa", "beacon-bbbbbbbbbbbb", "beacon-cccccccccccc");

    @Test
    void everyServerGetsAFairShare() {
        Map<String, Integer> share = new HashMap<>();
        for (int i = 0; i < 30_000; i++) {
            share.merge(ServerMembership.owner(THREE, "/beacon/services/s/i-" + i), 1, Integer::sum);
        }
        assertThat(share).hasSize(3);
        share.values().forEach(n -> assertThat(n).isBetween(9_000, 11_000));
    }

    @Test
    void theAnswerDoesNotDependOnTheOrderOfTheServers() {
        List<String> reversed = List.of(THREE.get(2), THREE.get(1), THREE.get(0));
        for (int i = 0; i < 1000; i++) {
            String key = "/beacon/services/s/i-" + i;
            assertThat(ServerMembership.owner(reversed, key)).isEqualTo(ServerMembership.owner(THREE, key));
        }
    }

    @Test
    void whenAServerLeavesOnlyItsItemsMove() {
        List<String> two = THREE.subList(0, 2);
        for (int i = 0; i < 10_000; i++) {
            String key = "/beacon/services/s/i-" + i;
            String before = ServerMembership.owner(THREE, key);
            if (!before.equals(THREE.get(2))) {
                assertThat(ServerMembership.owner(two, key)).isEqualTo(before);
            }
        }
    }

    @Test
    void noServersOwnNothing() {
        assertThat(ServerMembership.owner(List.of(), "k")).isNull();
        assertThat(ServerMembership.owner(List.of("only"), "k")).isEqualTo("only");
    }
}
