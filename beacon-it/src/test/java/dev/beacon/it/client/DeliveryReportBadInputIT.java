package dev.beacon.it.client;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad delivery reports get a clear 400 and record nothing. */
class DeliveryReportBadInputIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no instance id          | {\"revision\":5}                                            | INVALID_NAME",
            "bad instance id         | {\"instanceId\":\"a/b\",\"revision\":5}                     | INVALID_NAME",
            "no revision             | {\"instanceId\":\"web-1\"}                                  | BAD_REQUEST",
            "negative revision       | {\"instanceId\":\"web-1\",\"revision\":-1}                  | BAD_REQUEST",
            "ttl too short           | {\"instanceId\":\"web-1\",\"revision\":5,\"ttl\":1}         | BAD_REQUEST",
            "appliedAt not a time    | {\"instanceId\":\"web-1\",\"revision\":5,\"appliedAt\":\"x\"} | BAD_REQUEST",
            "not JSON                | {revision                                                  | BAD_REQUEST"})
    void aBadReportIsRefusedAndNothingIsRecorded(String name, String body, String code) {
        TestHttp http = beacon.http();
        TestHttp.Answer answer = http.post("/api/v1/config/bad/prod/clients", body);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("code").asText()).isEqualTo(code);
        assertThat(http.get("/api/v1/config/bad/prod/clients").json().get("clients")).isEmpty();
    }
}
