package dev.beacon.it.audit;

import dev.beacon.core.audit.AuditSettings;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With a short retention, every server prunes the audit trail by itself, two servers side by side included. */
class AuditRetentionIT {
    @RegisterExtension static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension static BeaconExtension beacon = BeaconExtension.on(etcd, 2)
            .with(s -> s.toBuilder().audit(new AuditSettings(Duration.ofSeconds(2), Duration.ofMillis(200))).build());

    @Test
    void recordsOlderThanTheRetentionArePrunedPeriodically() {
        assertThat(beacon.http().send("PUT", "/api/v1/config/ret/dev/k", json(Map.of("value", "v")), Map.of("X-Beacon-Actor", "keeper"))
                .status()).isEqualTo(200);
        assertThat(etcd.probe().count("/beacon/audit/")).isPositive();
        await().atMost(Duration.ofSeconds(30)).until(() -> etcd.probe().count("/beacon/audit/") == 0);
        assertThat(beacon.http(1).get("/api/v1/audit?actor=keeper").json().get("records")).isEmpty();
        assertThat(beacon.server(0).audit().pruned() + beacon.server(1).audit().pruned()).isPositive();
    }
}
