package dev.beacon.it.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The WebSocket subscribe protocol: several subscriptions on one connection, resume, unsubscribe, errors. */
class WebSocketIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final TestHttp http = beacon.http();
    private final List<JsonNode> received = new ArrayList<>();
    private WebSocket ws;

    @BeforeEach
    void connect() throws Exception {
        ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(beacon.url().replace("http://", "ws://") + "/api/v1/ws"), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                JsonNode m = MAPPER.readTree(partial.toString());
                                synchronized (received) {
                                    received.add(m);
                                }
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            partial.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void disconnect() {
        ws.abort();
    }

    private void send(String text) {
        ws.sendText(text, true).join();
    }

    private List<JsonNode> messages(Predicate<JsonNode> filter) {
        synchronized (received) {
            return received.stream().filter(filter).toList();
        }
    }

    private JsonNode awaitOne(Predicate<JsonNode> filter) {
        await().until(() -> !messages(filter).isEmpty());
        return messages(filter).get(0);
    }

    private static Predicate<JsonNode> type(String type, String subscription) {
        return m -> m.get("type").asText().equals(type)
                && (subscription == null || subscription.equals(m.path("subscription").asText(null)));
    }

    private long put(String key, String value) {
        return http.put("/api/v1/kv/" + key, json(Map.of("value", value))).json().get("modRevision").asLong();
    }

    @Test
    void severalSubscriptionsShareOneConnectionAndUnsubscribeStopsOne() {
        send("{\"subscribe\":\"ws-a/\"}");
        send("{\"subscribe\":\"ws-b/\"}");
        JsonNode okA = awaitOne(type("subscribed", "ws-a/"));
        awaitOne(type("subscribed", "ws-b/"));
        assertThat(okA.get("revision").asLong()).isPositive();

        long a1 = put("ws-a/1", "x");
        long b1 = put("ws-b/1", "y");
        JsonNode ea = awaitOne(type("put", "ws-a/"));
        JsonNode eb = awaitOne(type("put", "ws-b/"));
        assertThat(ea.get("revision").asLong()).isEqualTo(a1);
        assertThat(ea.get("data").get("value").asText()).isEqualTo("x");
        assertThat(eb.get("revision").asLong()).isEqualTo(b1);

        send("{\"unsubscribe\":\"ws-a/\"}");
        awaitOne(type("unsubscribed", "ws-a/"));
        put("ws-a/2", "ignored");
        long b2 = put("ws-b/2", "z");
        await().until(() -> messages(type("put", "ws-b/")).size() == 2);
        assertThat(messages(type("put", "ws-b/")).get(1).get("revision").asLong()).isEqualTo(b2);
        assertThat(messages(type("put", "ws-a/"))).hasSize(1);
    }

    @Test
    void fromRevisionReplaysWhatCameAfterIt() {
        long first = put("ws-resume/a", "1");
        long second = put("ws-resume/b", "2");
        http.delete("/api/v1/kv/ws-resume/a");
        send("{\"subscribe\":\"ws-resume/\",\"fromRevision\":" + first + "}");
        await().until(() -> messages(m -> m.path("subscription").asText().equals("ws-resume/")
                && (m.get("type").asText().equals("put") || m.get("type").asText().equals("delete"))).size() == 2);
        List<JsonNode> changes = messages(m -> m.path("subscription").asText().equals("ws-resume/") && m.has("data"));
        assertThat(changes.get(0).get("revision").asLong()).isEqualTo(second);
        assertThat(changes.get(1).get("type").asText()).isEqualTo("delete");
        assertThat(changes.get(1).get("data").get("key").asText()).isEqualTo("ws-resume/a");
    }

    @Test
    void namedScopesCarryTheirFeaturesRecords() {
        send("{\"subscribe\":\"config/ws-app/prod\"}");
        send("{\"subscribe\":\"services/ws-svc\"}");
        send("{\"subscribe\":\"elections/ws-vote\"}");
        send("{\"subscribe\":\"config/only-app\"}");
        awaitOne(type("subscribed", "config/ws-app/prod"));
        awaitOne(type("subscribed", "services/ws-svc"));
        JsonNode state = awaitOne(type("state", "elections/ws-vote"));
        assertThat(state.get("data").has("leader")).isFalse();
        assertThat(awaitOne(type("error", "config/only-app")).get("code").asText()).isEqualTo("BAD_REQUEST");

        http.put("/api/v1/config/ws-app/prod/feature.x", json(Map.of("value", "on")));
        http.put("/api/v1/services/ws-svc/instances/i-1", json(Map.of("address", "10.0.0.9", "port", 80, "ttl", 10)));
        http.post("/api/v1/elections/ws-vote", json(Map.of("candidate", "me", "ttl", 10)));
        JsonNode item = awaitOne(type("put", "config/ws-app/prod")).get("data");
        assertThat(item.get("key").asText()).isEqualTo("feature.x");
        assertThat(item.get("value").asText()).isEqualTo("on");
        JsonNode instance = awaitOne(type("put", "services/ws-svc")).get("data");
        assertThat(instance.get("id").asText()).isEqualTo("i-1");
        assertThat(instance.get("address").asText()).isEqualTo("10.0.0.9");
        await().until(() -> messages(type("state", "elections/ws-vote")).size() == 2);
        assertThat(messages(type("state", "elections/ws-vote")).get(1).get("data").get("leader").get("candidate").asText())
                .isEqualTo("me");
    }

    @Test
    void badMessagesAnswerAnErrorAndTheConnectionStaysUsable() {
        send("not json");
        send("[1,2]");
        send("{\"hello\":1}");
        send("{\"subscribe\":\"\"}");
        send("{\"subscribe\":\"ws-bad/\",\"fromRevision\":-5}");
        send("{\"subscribe\":\"ws-bad/\",\"fromRevision\":\"x\"}");
        send("{\"unsubscribe\":\"never-subscribed/\"}");
        send("{\"subscribe\":\"ws-ok/\"}");
        send("{\"subscribe\":\"ws-ok/\"}");
        await().until(() -> messages(type("error", null)).size() == 8);
        assertThat(messages(type("error", null))).allSatisfy(e -> {
            assertThat(e.get("code").asText()).isEqualTo("BAD_REQUEST");
            assertThat(e.get("error").asText()).isNotBlank();
        });
        awaitOne(type("subscribed", "ws-ok/"));
        long rev = put("ws-ok/k", "v");
        assertThat(awaitOne(type("put", "ws-ok/")).get("revision").asLong()).isEqualTo(rev);
    }
}
