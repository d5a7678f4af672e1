package dev.beacon.it.examples;

import dev.beacon.client.BeaconClient;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the examples of docs/sdk.md against two real servers. */
class SdkExamplesIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd, 2);

    @TempDir Path cache;

    @Test
    void theConfigExampleReadsTypedValuesAndHearsItsOwnChange() throws Exception {
        assertThat(SdkExamples.config(beacon.url(0), beacon.url(1), cache)).hasSize(1).allMatch(s -> s.startsWith("pool.size=20@"));
        assertThat(cache.resolve("config/orders/prod.json")).exists();
    }

    @Test
    void theRegistryExamplePicksTheInstanceItRegistered() throws Exception {
        assertThat(SdkExamples.registry(beacon.url())).isEqualTo("10.0.0.5:8080");
    }

    @Test
    void theCoordinationExampleGetsAFencingToken() {
        assertThat(SdkExamples.coordination(beacon.url())).isPositive();
    }

    @Test
    void theDeliveryExampleListsAClientThatHoldsAView() {
        try (BeaconClient app = BeaconClient.builder().servers(beacon.url(1)).instanceId("orders-7").build()) {
            long revision = app.config("orders", "prod").revision();
            org.awaitility.Awaitility.await().until(() -> SdkExamples.delivery(beacon.url()).stream().anyMatch(l -> l.startsWith("orders-7 ")));
            assertThat(SdkExamples.delivery(beacon.url())).anyMatch(l -> l.startsWith("orders-7 ") && l.contains("applied " + revision));
        }
    }
}
