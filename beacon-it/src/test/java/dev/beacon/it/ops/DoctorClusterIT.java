package dev.beacon.it.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static dev.beacon.it.ops.DoctorIT.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A three-member etcd with one member stopped: the doctor warns and names that member; nothing fails. */
class DoctorClusterIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.threeNodes();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd)
            .with(BeaconExtension::fastTimeouts);

    @Test
    void aStoppedMemberIsAWarningThatNamesIt() {
        TestHttp http = beacon.http();
        int leader = etcd.faults().leader();
        int stopped = (leader + 1) % 3;
        String endpoint = etcd.endpoints().get(stopped);
        etcd.faults().stop(stopped);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode report = http.get("/api/v1/doctor").json();
            JsonNode member = check(report.get("checks"), "etcd endpoint " + endpoint);
            assertThat(member.get("status").asText()).isEqualTo("WARN");
            assertThat(member.get("detail").asText()).contains("n" + stopped).contains("2 of 3");
            assertThat(member.get("hint").asText()).contains("n" + stopped).contains("etcdctl --endpoints=" + endpoint);
            assertThat(check(report.get("checks"), "etcd leader").get("status").asText()).isEqualTo("PASS");
            assertThat(report.get("status").asText()).isEqualTo("WARN");
        });

        etcd.faults().restart(stopped);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                check(http.get("/api/v1/doctor").json().get("checks"), "etcd endpoint " + endpoint).get("status").asText())
                .isEqualTo("PASS"));
    }
}
