package dev.beacon.it.examples;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The example of docs/testing.md, compiled and run as written. */
class TestkitExampleIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();   // or threeNodes()
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd); // or on(etcd, 2)

    @Test
    void readsItsConfig() {
        beacon.http().post("/set", TestHttp.json(Map.of("key", "k", "value", "v")));
        assertThat(beacon.http().get("/config/k").json().get("value").asText()).isEqualTo("v");
    }
}
