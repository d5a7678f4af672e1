package dev.beacon.it.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.core.BeaconException;
import dev.beacon.core.etcd.Bytes;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.server.ops.OpsSettings;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static dev.beacon.it.ops.DoctorIT.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** etcd's quota full (a 1 MiB quota, filled with raw puts): the doctor names NOSPACE and the database size, with what to do. */
class DoctorQuotaIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode().withEtcdArgs("--quota-backend-bytes", "1048576");
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd)
            .with(BeaconExtension::fastTimeouts).with(s -> s.toBuilder().ops(new OpsSettings(Duration.ofSeconds(5))).build());

    @Test
    void aFullQuotaFailsTheAlarmAndSizeChecksWithTheCommandsToFreeSpace() {
        EtcdConnection c = etcd.connection();
        String big = "x".repeat(100_000);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 40; i++) {
                int n = i;
                c.await("write filler", () -> c.client().getKVClient().put(Bytes.of("/filler/" + n), Bytes.of(big)));
            }
        }).isInstanceOf(BeaconException.class).hasMessageContaining("space");

        JsonNode checks = beacon.http().get("/api/v1/doctor").json().get("checks");
        JsonNode alarms = check(checks, "etcd alarms");
        assertThat(alarms.get("status").asText()).isEqualTo("FAIL");
        assertThat(alarms.get("detail").asText()).contains("NOSPACE");
        assertThat(alarms.get("hint").asText()).contains("etcdctl defrag").contains("etcdctl alarm disarm");
        JsonNode size = check(checks, "etcd database size");
        assertThat(size.get("status").asText()).isEqualTo("FAIL");
        assertThat(size.get("detail").asText()).contains("of 1.0 MiB quota");
        assertThat(size.get("hint").asText()).contains("--quota-backend-bytes");
    }
}
