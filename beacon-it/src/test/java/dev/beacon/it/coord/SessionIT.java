package dev.beacon.it.coord;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Shared sessions on two Beacon servers sharing one etcd (session data limited to 1 KiB here). */
class SessionIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd, 2)
            .with(s -> s.toBuilder().sessionMaxBytes(1024).build());

    private final TestHttp one = beacon.http(0);
    private final TestHttp two = beacon.http(1);

    @Test
    void aSessionWrittenOnOneServerIsReadAtOnceOnTheOther() {
        TestHttp.Answer put = one.put("/api/v1/sessions/cart-42", json(Map.of("data", Map.of("user", "ann", "items", List.of(1, 2)), "ttl", 30)));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("leaseId").asLong()).isPositive();

        TestHttp.Answer got = two.get("/api/v1/sessions/cart-42");

        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().get("data").get("user").asText()).isEqualTo("ann");
        assertThat(got.json().get("data").get("items")).hasSize(2);
        assertThat(got.json().get("ttl").asLong()).isEqualTo(30);
        assertThat(got.revision()).isGreaterThanOrEqualTo(put.revision());
        assertThat(two.get("/api/v1/sessions/cart-42?consistent=true").json().get("modRevision").asLong())
                .isEqualTo(put.json().get("modRevision").asLong());
        one.delete("/api/v1/sessions/cart-42");
    }

    @Test
    void replacingASessionKeepsItsCreateRevisionAndRevokesTheOldLease() throws Exception {
        JsonNode first = one.put("/api/v1/sessions/replaced", json(Map.of("data", Map.of("v", 1), "ttl", 30))).json();
        JsonNode second = two.put("/api/v1/sessions/replaced", json(Map.of("data", Map.of("v", 2), "ttl", 20))).json();

        assertThat(second.get("createRevision").asLong()).isEqualTo(first.get("createRevision").asLong());
        assertThat(second.get("modRevision").asLong()).isGreaterThan(first.get("modRevision").asLong());
        assertThat(second.get("leaseId").asLong()).isNotEqualTo(first.get("leaseId").asLong());
        await().atMost(Duration.ofSeconds(5)).until(() -> one.get("/api/v1/sessions/replaced").json().get("data").get("v").asInt() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> etcd.probe().leaseTtl(first.get("leaseId").asLong()) < 0);
        one.delete("/api/v1/sessions/replaced");
    }

    @Test
    void touchKeepsASessionAliveAndExpiryRemovesItFromEveryServer() {
        one.put("/api/v1/sessions/short", json(Map.of("data", Map.of("k", "v"), "ttl", 2)));
        long started = System.nanoTime();
        ScheduledExecutorService toucher = Executors.newSingleThreadScheduledExecutor();
        try {
            toucher.scheduleAtFixedRate(() -> two.put("/api/v1/sessions/short/touch", null), 500, 500, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() - started > TimeUnit.SECONDS.toNanos(3) + TimeUnit.MILLISECONDS.toNanos(500));
        } finally {
            toucher.shutdownNow();
        }
        TestHttp.Answer touched = one.put("/api/v1/sessions/short/touch", null);
        assertThat(touched.status()).isEqualTo(200);
        assertThat(touched.json().get("ttl").asLong()).isEqualTo(2);

        await().atMost(Duration.ofSeconds(10)).until(() -> one.get("/api/v1/sessions/short").status() == 404
                && two.get("/api/v1/sessions/short").status() == 404);
        TestHttp.Answer late = two.put("/api/v1/sessions/short/touch", null);
        late.assertError(404, "NOT_FOUND");
    }

    @Test
    void deleteRemovesTheSessionEverywhereAndAMissingOneIs404() {
        one.put("/api/v1/sessions/gone", json(Map.of("data", Map.of(), "ttl", 30)));

        assertThat(two.delete("/api/v1/sessions/gone").json().get("deleted").asInt()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(5)).until(() -> one.get("/api/v1/sessions/gone").status() == 404);
        assertThat(one.delete("/api/v1/sessions/gone").status()).isEqualTo(404);
        assertThat(two.get("/api/v1/sessions/never").json().get("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void dataOverTheLimitAnswers413AndWritesNothing() {
        TestHttp.Answer big = one.put("/api/v1/sessions/big", json(Map.of("data", Map.of("blob", "x".repeat(1100)), "ttl", 30)));

        big.assertError(413, "PAYLOAD_TOO_LARGE");
        assertThat(big.json().get("error").asText()).contains("limit is 1024");
        assertThat(one.get("/api/v1/sessions/big?consistent=true").status()).isEqualTo(404);
    }
}
