package dev.beacon.it.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestEvents;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Clients watching a service learn of joins, status changes and leaves (deregistered or expired). */
class ServiceWatchIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    private final TestHttp http = beacon.http();

    private long register(String service, String id, int ttl) {
        TestHttp.Answer a = http.put("/api/v1/services/" + service + "/instances/" + id,
                json(Map.of("address", "10.0.0.1", "port", 8080, "ttl", ttl)));
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        return a.revision();
    }

    @Test
    void aHeldPollIsAnsweredWhenAnInstanceJoinsAndAgainWhenItLeaves() throws Exception {
        long start = http.get("/api/v1/services/orders-watch").revision();
        var feed = beacon.server().mirrors().feed("/beacon/services/");
        int before = feed.size();
        CompletableFuture<TestHttp.Answer> join = CompletableFuture.supplyAsync(
                () -> http.get("/api/v1/watch/services/orders-watch?revision=" + start + "&timeout=30s"));
        await().until(() -> feed.size() > before || join.isDone());
        register("other-service", "x", 10);
        assertThat(join).isNotDone();
        register("orders-watch", "o-1", 10);
        TestHttp.Answer joined = join.get(30, TimeUnit.SECONDS);
        assertThat(joined.status()).isEqualTo(200);
        JsonNode change = joined.json().get("changes").get(0);
        assertThat(change.get("op").asText()).isEqualTo("PUT");
        assertThat(change.get("id").asText()).isEqualTo("o-1");
        assertThat(change.get("instance").get("address").asText()).isEqualTo("10.0.0.1");

        long after = joined.json().get("revision").asLong();
        CompletableFuture<TestHttp.Answer> leave = CompletableFuture.supplyAsync(
                () -> http.get("/api/v1/watch/services/orders-watch?revision=" + after + "&timeout=30s"));
        assertThat(http.delete("/api/v1/services/orders-watch/instances/o-1").status()).isEqualTo(200);
        TestHttp.Answer left = leave.get(30, TimeUnit.SECONDS);
        assertThat(left.json().get("changes").get(0).get("op").asText()).isEqualTo("DELETE");
        assertThat(left.json().get("changes").get(0).get("instance").get("status").asText()).isEqualTo("DOWN");
    }

    @Test
    void theEventStreamShowsJoinStatusChangeAndExpiry() {
        try (TestEvents events = TestEvents.open(beacon.url(), "/api/v1/events/services/billing-watch")) {
            register("billing-watch", "b-1", 2);
            assertThat(http.put("/api/v1/services/billing-watch/instances/b-1/status", json(Map.of("status", "DRAINING"))).status())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> events.count("delete") == 1);
            var changes = events.changes();
            assertThat(changes.get(0).type()).isEqualTo("put");
            assertThat(changes.get(0).data().get("id").asText()).isEqualTo("b-1");
            assertThat(changes).anySatisfy(e -> assertThat(e.data().get("status").asText()).isEqualTo("DRAINING"));
            assertThat(changes.get(changes.size() - 1).type()).isEqualTo("delete");
            assertThat(changes).extracting(TestEvents.Event::revision).isSorted();
        }
    }

    @Test
    void aWebSocketSubscriptionToAServiceSeesItsInstancesAndABadNameIsRefused() throws Exception {
        java.util.List<JsonNode> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        StringBuilder partial = new StringBuilder();
        java.net.http.WebSocket ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(java.net.URI.create(beacon.url().replace("http://", "ws://") + "/api/v1/ws"), new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket socket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                messages.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(partial.toString()));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            partial.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            ws.sendText("{\"subscribe\":\"services/ws-svc\"}", true).join();
            await().until(() -> messages.stream().anyMatch(m -> m.path("type").asText().equals("subscribed")));
            long registered = register("ws-svc", "w-1", 30);
            await().until(() -> messages.stream().anyMatch(m -> m.path("type").asText().equals("put")));
            JsonNode put = messages.stream().filter(m -> m.path("type").asText().equals("put")).findFirst().orElseThrow();
            assertThat(put.get("revision").asLong()).isEqualTo(registered);
            assertThat(put.get("data").get("id").asText()).isEqualTo("w-1");

            ws.sendText("{\"subscribe\":\"services/bad name\"}", true).join();
            await().until(() -> messages.stream().anyMatch(m -> m.path("type").asText().equals("error")));
            JsonNode error = messages.stream().filter(m -> m.path("type").asText().equals("error")).findFirst().orElseThrow();
            assertThat(error.get("code").asText()).isEqualTo("INVALID_NAME");
        } finally {
            ws.abort();
        }
        http.delete("/api/v1/services/ws-svc/instances/w-1");
    }

    @Test
    void pollsAndStreamsOfAServiceValidateItsName() {
        assertThat(http.get("/api/v1/watch/services/bad%20name").json().get("code").asText()).isEqualTo("INVALID_NAME");
        assertThat(http.get("/api/v1/events/services/bad%20name").json().get("code").asText()).isEqualTo("INVALID_NAME");
    }
}
