package dev.beacon.it.http;

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

/** {@code afterRevision=N} is the one name for where a poll or stream starts, with the same meaning everywhere: the changes after N. */
class AfterRevisionIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    @Test
    void pollsAndStreamsStartAfterTheSameRevisionUnderEitherName() {
        TestHttp http = beacon.http();
        long first = http.put("/api/v1/config/after/p/a", json(Map.of("value", "1"))).revision();
        long second = http.put("/api/v1/config/after/p/b", json(Map.of("value", "2"))).revision();

        for (String name : new String[]{"afterRevision", "revision"}) {
            TestHttp.Answer poll = http.get("/api/v1/watch/config/after/p?" + name + "=" + first + "&timeout=1s");
            assertThat(poll.status()).isEqualTo(200);
            assertThat(poll.json().get("changes")).hasSize(1);
            assertThat(poll.json().get("changes").get(0).get("modRevision").asLong()).isEqualTo(second);
        }
        for (String name : new String[]{"afterRevision", "fromRevision"}) {
            try (TestEvents events = TestEvents.open(beacon.url(), "/api/v1/events/config/after/p?" + name + "=" + first)) {
                await().until(() -> events.count("put") == 1);
                assertThat(events.changes().get(0).revision()).isEqualTo(second);
            }
        }
        TestHttp.Answer bad = http.get("/api/v1/watch/config/after/p?afterRevision=-1");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).contains("afterRevision");
    }
}
