package dev.beacon.it.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static dev.beacon.testkit.TestHttp.instance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two Beacon servers on one etcd divide the checks: each instance is probed by exactly one; a leaving server's share moves. */
class CheckSharingIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd, 2);
    static final ProbeTarget target = ProbeTarget.start();
    static final int INSTANCES = 16;

    @AfterAll
    static void stopTarget() {
        target.close();
    }

    private static String path(int i) {
        return "/shared-" + i;
    }

    /** Which server each instance's checkedBy names, as server {@code s} sees it. */
    private static Set<String> checkers(int s) {
        Set<String> out = new HashSet<>();
        for (JsonNode i : beacon.http(s).get("/api/v1/services/shared").json().get("instances")) {
            out.add(i.path("checkedBy").asText());
        }
        return out;
    }

    /** Clears the counts, waits until every instance was probed {@code n} more times, and returns who probed each. */
    private static Map<Integer, Set<String>> probesOver(int n) {
        target.reset();
        await().atMost(Duration.ofSeconds(15)).until(() -> IntStream.range(0, INSTANCES).allMatch(i -> target.count(path(i)) >= n));
        Map<Integer, Set<String>> by = new java.util.HashMap<>();
        IntStream.range(0, INSTANCES).forEach(i -> by.put(i, target.checkers(path(i))));
        return by;
    }

    @Test
    void eachInstanceIsProbedByExactlyOneServerAndTheOtherTakesOverWhenOneStops() {
        TestHttp http = beacon.http(0);
        for (int i = 0; i < INSTANCES; i++) {
            http.put("/api/v1/services/shared/instances/i-" + i, instance("127.0.0.1", 8000 + i,
                    "check", Map.of("http", target.url(path(i)), "interval", "200ms")));
        }
        String first = beacon.server(0).registry().membership().id();
        String second = beacon.server(1).registry().membership().id();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                checkers(0).equals(Set.of(first, second)) && checkers(1).equals(Set.of(first, second)));

        probesOver(2); // settle: probes from before the split was seen are flushed
        target.reset();
        Map<Integer, Set<String>> by = probesOver(4);
        Set<String> all = new HashSet<>();
        by.forEach((i, servers) -> {
            assertThat(servers).as("probers of instance %d", i).hasSize(1);
            all.addAll(servers);
        });
        assertThat(all).containsExactlyInAnyOrder(first, second);
        assertThat(beacon.server(0).registry().checks().checkedHere() + beacon.server(1).registry().checks().checkedHere())
                .isEqualTo(INSTANCES);

        beacon.stop(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> checkers(0).equals(Set.of(first)));
        probesOver(2);
        probesOver(3).forEach((i, servers) -> assertThat(servers).as("probers of instance %d", i).containsExactly(first));
        assertThat(beacon.server(0).registry().checks().checkedHere()).isEqualTo(INSTANCES);
    }
}
