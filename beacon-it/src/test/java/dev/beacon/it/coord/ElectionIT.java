package dev.beacon.it.coord;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Leader elections over HTTP, on two Beacon servers sharing one etcd. */
class ElectionIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd, 2);

    private final TestHttp one = beacon.http(0);
    private final TestHttp two = beacon.http(1);

    @Test
    void theFirstCandidateLeadsAndTheOthersQueueWithTheirPosition() {
        JsonNode a = one.post("/api/v1/elections/queue", json(Map.of("candidate", "node-a", "ttl", 10))).json();
        JsonNode b = two.post("/api/v1/elections/queue", json(Map.of("candidate", "node-b", "ttl", 10))).json();
        JsonNode c = one.post("/api/v1/elections/queue", json(Map.of("candidate", "node-c", "ttl", 10))).json();

        assertThat(a.get("leader").asBoolean()).isTrue();
        assertThat(a.get("position").asInt()).isZero();
        assertThat(a.get("candidate").asText()).isEqualTo("node-a");
        assertThat(b.get("leader").asBoolean()).isFalse();
        assertThat(b.get("position").asInt()).isEqualTo(1);
        assertThat(c.get("position").asInt()).isEqualTo(2);
        assertThat(c.get("token").asLong()).isGreaterThan(b.get("token").asLong());
        await().atMost(Duration.ofSeconds(5)).until(() -> two.get("/api/v1/elections/queue").json().get("candidates").asInt() == 3);
        JsonNode leadership = two.get("/api/v1/elections/queue").json();
        assertThat(leadership.get("leader").get("candidate").asText()).isEqualTo("node-a");
        assertThat(leadership.get("leader").get("leaseId").asLong()).isEqualTo(a.get("leaseId").asLong());
        assertThat(leadership.get("leader").get("token").asLong()).isEqualTo(a.get("token").asLong());
        assertThat(two.get("/api/v1/elections").json().get("elections"))
                .anySatisfy(e -> assertThat(e.get("name").asText()).isEqualTo("queue"));

        for (JsonNode n : new JsonNode[]{a, b, c}) {
            assertThat(one.delete("/api/v1/elections/queue?leaseId=" + n.get("leaseId").asLong()).status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> one.get("/api/v1/elections/queue").json().path("leader").isMissingNode());
    }

    @Test
    void aCampaignThatWaitsLeadsWhenTheLeaderResigns() throws Exception {
        long leader = one.post("/api/v1/elections/handover", json(Map.of("candidate", "old", "ttl", 10))).json().get("leaseId").asLong();
        CompletableFuture<HeldRequests.Answer> waiting = HeldRequests.post(beacon.url(1) + "/api/v1/elections/handover",
                json(Map.of("candidate", "new", "ttl", 10, "waitMs", 30_000)));
        await().atMost(Duration.ofSeconds(5)).until(() -> one.get("/api/v1/elections/handover").json().get("candidates").asInt() == 2);
        assertThat(waiting).isNotDone();

        JsonNode resigned = one.delete("/api/v1/elections/handover?leaseId=" + leader).json();

        assertThat(resigned.get("resigned").asBoolean()).isTrue();
        HeldRequests.Answer answer = waiting.get(10, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("leader").asBoolean()).isTrue();
        assertThat(answer.json().get("ttl").asLong()).isBetween(6L, 10L);
        two.delete("/api/v1/elections/handover?leaseId=" + answer.json().get("leaseId").asLong());
    }

    @Test
    void aCampaignWhoseWaitPassesAnswersItsPositionAndStaysQueued() {
        long leader = one.post("/api/v1/elections/patient", json(Map.of("candidate", "a", "ttl", 10))).json().get("leaseId").asLong();

        TestHttp.Answer b = two.post("/api/v1/elections/patient", json(Map.of("candidate", "b", "ttl", 10, "waitMs", 300)));

        assertThat(b.status()).isEqualTo(200);
        assertThat(b.json().get("leader").asBoolean()).isFalse();
        assertThat(b.json().get("position").asInt()).isEqualTo(1);
        JsonNode kept = two.put("/api/v1/elections/patient/keepalive?leaseId=" + b.json().get("leaseId").asLong(), null).json();
        assertThat(kept.get("leader").asBoolean()).isFalse();
        assertThat(kept.get("position").asInt()).isEqualTo(1);

        one.delete("/api/v1/elections/patient?leaseId=" + leader);
        JsonNode now = two.put("/api/v1/elections/patient/keepalive?leaseId=" + b.json().get("leaseId").asLong(), null).json();
        assertThat(now.get("leader").asBoolean()).isTrue();
        assertThat(now.get("position").asInt()).isZero();
        two.delete("/api/v1/elections/patient?leaseId=" + b.json().get("leaseId").asLong());
    }

    @Test
    void whenTheLeaderStopsKeepingAliveItsLeaseExpiresAndTheNextCandidateLeads() {
        JsonNode silent = one.post("/api/v1/elections/failover", json(Map.of("candidate", "silent", "ttl", 2))).json();
        JsonNode steady = two.post("/api/v1/elections/failover", json(Map.of("candidate", "steady", "ttl", 2))).json();
        assertThat(silent.get("leader").asBoolean()).isTrue();
        long lease = steady.get("leaseId").asLong();
        ScheduledExecutorService keeper = Executors.newSingleThreadScheduledExecutor();
        try {
            keeper.scheduleAtFixedRate(() -> two.put("/api/v1/elections/failover/keepalive?leaseId=" + lease, null),
                    400, 400, TimeUnit.MILLISECONDS);

            await().atMost(Duration.ofSeconds(10)).until(() ->
                    "steady".equals(one.get("/api/v1/elections/failover").json().path("leader").path("candidate").asText()));

            JsonNode standing = two.put("/api/v1/elections/failover/keepalive?leaseId=" + lease, null).json();
            assertThat(standing.get("leader").asBoolean()).isTrue();
            assertThat(one.put("/api/v1/elections/failover/keepalive?leaseId=" + silent.get("leaseId").asLong(), null).status())
                    .isEqualTo(404);
        } finally {
            keeper.shutdownNow();
        }
        two.delete("/api/v1/elections/failover?leaseId=" + lease);
    }

    @Test
    void aWaitingCandidateThatDisconnectsLeavesTheElection() {
        long leader = one.post("/api/v1/elections/leaving", json(Map.of("candidate", "a", "ttl", 10))).json().get("leaseId").asLong();
        CompletableFuture<HeldRequests.Answer> waiting = HeldRequests.post(beacon.url(0) + "/api/v1/elections/leaving",
                json(Map.of("candidate", "b", "ttl", 10, "waitMs", 30_000)));
        await().atMost(Duration.ofSeconds(5)).until(() -> one.get("/api/v1/elections/leaving").json().get("candidates").asInt() == 2);

        waiting.cancel(true);

        await().atMost(Duration.ofSeconds(5)).until(() -> two.get("/api/v1/elections/leaving").json().get("candidates").asInt() == 1);
        one.delete("/api/v1/elections/leaving?leaseId=" + leader);
    }

    @Test
    void anElectionWithoutCandidatesHasNoLeaderAndUnknownCandidaciesAre404() {
        JsonNode nobody = one.get("/api/v1/elections/empty").json();
        assertThat(nobody.has("leader")).as("no leader field when nobody campaigns").isFalse();
        assertThat(nobody.get("candidates").asInt()).isZero();

        for (TestHttp.Answer a : new TestHttp.Answer[]{
                one.put("/api/v1/elections/empty/keepalive?leaseId=12345", null),
                one.delete("/api/v1/elections/empty?leaseId=12345")}) {
            a.assertError(404, "NOT_FOUND");
        }
    }
}
