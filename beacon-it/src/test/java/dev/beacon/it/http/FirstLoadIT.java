package dev.beacon.it.http;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One rule for reads before the mirror's first load, whatever the feature: wait (at most the request timeout),
 * then 503 {@code ETCD_UNAVAILABLE} with a message that says what to check — never an empty answer that looks
 * like "nothing registered". Once etcd answers, the same reads succeed.
 */
class FirstLoadIT {
    static final List<String> READS = List.of("/api/v1/apps", "/api/v1/config/shop/prod", "/api/v1/config/shop/prod/db.url",
            "/api/v1/apps/shop/prod/settings", "/scc/shop/prod", "/api/v1/services", "/api/v1/services/orders",
            "/api/v1/services/orders/instances/o-1", "/api/v1/services/orders/settings", "/api/v1/locks",
            "/api/v1/locks/nightly", "/api/v1/elections", "/api/v1/elections/leader-x", "/api/v1/sessions/s-1");

    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd)
            .with(BeaconExtension::fastTimeouts);

    @Test
    void everyReadOfAServerThatHasNotLoadedAnswers503ThenServesOnceEtcdIsBack() {
        etcd.faults().stopAll();
        int fresh;
        try {
            fresh = beacon.startAnother();
            TestHttp http = beacon.http(fresh);
            ExecutorService all = Executors.newFixedThreadPool(READS.size());
            List<CompletableFuture<TestHttp.Answer>> answers = READS.stream()
                    .map(path -> CompletableFuture.supplyAsync(() -> http.get(path), all)).toList();
            all.shutdown();
            for (int i = 0; i < READS.size(); i++) {
                TestHttp.Answer before = answers.get(i).join();
                before.assertError(503, "ETCD_UNAVAILABLE");
                assertThat(before.json().get("hint").asText()).contains(etcd.endpoints().get(0));
            }
        } finally {
            etcd.faults().healAll();
        }
        TestHttp http = beacon.http(fresh);
        for (String path : READS) {
            await().atMost(Duration.ofSeconds(20)).until(() -> http.get(path).status() != 503);
            assertThat(http.get(path).status()).as(path).isIn(200, 404);
        }
        beacon.stop(fresh);
    }
}
