package dev.beacon.it.kv;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The seed's endpoints, exactly as the seed answered them, and etcdctl interop both ways. */
class SeedApiIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    @Test
    void pingAnswersPong() {
        TestHttp.Answer a = beacon.http().get("/ping");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("message").asText()).isEqualTo("pong");
    }

    @Test
    void setThenGetReturnsTheValueWithItsRevision() {
        TestHttp.Answer set = beacon.http().post("/set", json(Map.of("key", "app/db.url", "value", "jdbc:x")));
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().get("status").asText()).isEqualTo("success");

        TestHttp.Answer get = beacon.http().get("/config/app/db.url");
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.json().get("key").asText()).isEqualTo("app/db.url");
        assertThat(get.json().get("value").asText()).isEqualTo("jdbc:x");
        assertThat(get.revision()).isPositive();
    }

    @Test
    void keysStartingWithSlashWorkThroughTheQueryForm() {
        beacon.http().post("/set", json(Map.of("key", "/abs/key", "value", "v")));
        TestHttp.Answer get = beacon.http().get("/config?key=/abs/key");
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.json().get("value").asText()).isEqualTo("v");
    }

    @Test
    void missingKeyAnswers404ConfigNotFound() {
        TestHttp.Answer get = beacon.http().get("/config/no/such/key");
        assertThat(get.status()).isEqualTo(404);
        assertThat(get.json().get("message").asText()).isEqualTo("config not found");
        assertThat(get.json().get("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void valueWrittenWithSetIsWhatEtcdctlReads() throws Exception {
        beacon.http().post("/set", json(Map.of("key", "interop/a", "value", "from-beacon")));
        assertThat(Etcdctl.run(etcd, "get", "interop/a", "--print-value-only")).isEqualTo("from-beacon");
    }

    @Test
    void valueWrittenWithEtcdctlIsWhatGetConfigReturns() throws Exception {
        Etcdctl.run(etcd, "put", "interop/b", "from-etcdctl");
        TestHttp.Answer get = beacon.http().get("/config/interop/b");
        assertThat(get.json().get("value").asText()).isEqualTo("from-etcdctl");
    }
}
