package dev.beacon.it.coord;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestEvents;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The stream of an election's leadership: the state at once, then each change of leader. */
class ElectionStreamIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd, 2);

    @Test
    void watchersSeeTheLeaderNowAndEveryHandover() {
        TestHttp one = beacon.http(0);
        long first = one.post("/api/v1/elections/stream", json(Map.of("candidate", "a", "ttl", 10))).json().get("leaseId").asLong();
        // the stream opens on the other server once its mirror shows the campaign, so its first state names the leader
        await().until(() -> "a".equals(beacon.http(1).get("/api/v1/elections/stream").json().path("leader").path("candidate").asText()));
        try (TestEvents events = TestEvents.open(beacon.url(1), "/api/v1/events/elections/stream")) {
            await().until(() -> events.count("state") == 1);
            assertThat(events.events().get(0).data().get("leader").get("candidate").asText()).isEqualTo("a");

            // a candidate queueing behind the leader changes no leadership: no event
            one.post("/api/v1/elections/stream", json(Map.of("candidate", "b", "ttl", 10)));
            assertThat(one.delete("/api/v1/elections/stream?leaseId=" + first).status()).isEqualTo(200);
            await().until(() -> events.count("state") == 2);
            assertThat(events.events().get(1).data().get("leader").get("candidate").asText()).isEqualTo("b");
            assertThat(events.events().get(1).data().get("candidates").asInt()).isEqualTo(1);
        }
    }

    @Test
    void anElectionNobodyRunsForStreamsAStateWithoutALeader() {
        try (TestEvents events = TestEvents.open(beacon.url(0), "/api/v1/events/elections/empty-one")) {
            await().until(() -> events.count("state") == 1);
            assertThat(events.events().get(0).data().has("leader")).isFalse();
            assertThat(beacon.http().get("/api/v1/events/elections/bad%20name").json().get("code").asText()).isEqualTo("INVALID_NAME");
        }
    }
}
