package dev.beacon.it.coord;

import dev.beacon.core.coord.LeaderLatch;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** etcd goes away: coordination writes answer 503, reads come from the mirror, the server's latch stops leading; all resumes after. */
class CoordOutageIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd)
            .with(BeaconExtension::fastTimeouts);

    @Test
    void duringAnEtcdOutageWritesAnswer503ReadsKeepWorkingAndTheLeaderStepsDownThenAllResumes() {
        TestHttp http = beacon.http();
        LeaderLatchIT.Heard heard = new LeaderLatchIT.Heard();
        LeaderLatch latch = beacon.server().lead("beacon.outage-task", heard);
        await().atMost(Duration.ofSeconds(10)).until(heard::leads);
        long token = http.post("/api/v1/locks/outage", json(Map.of("ttl", 30))).json().get("token").asLong();
        assertThat(http.put("/api/v1/sessions/kept", json(Map.of("data", Map.of("a", 1), "ttl", 30))).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/api/v1/locks/outage").status() == 200);

        etcd.faults().stop(0);

        TestHttp.Answer acquire = http.post("/api/v1/locks/other", json(Map.of("ttl", 10)));
        acquire.assertError(503, "ETCD_UNAVAILABLE");
        assertThat(http.put("/api/v1/locks/outage/keepalive?token=" + token, null).status()).isEqualTo(503);
        assertThat(http.get("/api/v1/locks/outage").json().get("token").asLong()).isEqualTo(token);
        assertThat(http.get("/api/v1/sessions/kept").json().get("data").get("a").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).until(() -> !heard.leads());
        assertThat(latch.isLeader()).isFalse();

        etcd.faults().restart(0);

        await().atMost(Duration.ofSeconds(30)).until(() ->
                http.put("/api/v1/locks/outage/keepalive?token=" + token, null).status() == 200);
        assertThat(http.delete("/api/v1/locks/outage?token=" + token).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(heard::leads);
        assertThat(heard.events).hasSize(3);
        latch.close();
    }
}
