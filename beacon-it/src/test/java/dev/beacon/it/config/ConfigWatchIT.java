package dev.beacon.it.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestEvents;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Clients learn of config changes: long polls and the SSE stream of one app/profile, from two servers. */
class ConfigWatchIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd, 2)
            .with(s -> s.toBuilder().virtualThreads(false).build()); // held polls must not need a thread, on any JDK

    private final TestHttp http = beacon.http(0);
    private final TestHttp other = beacon.http(1);

    private long put(String app, String profile, String key, String value) {
        TestHttp.Answer a = http.put("/api/v1/config/" + app + "/" + profile + "/" + key, json(Map.of("value", value)));
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        return a.json().get("modRevision").asLong();
    }

    @Test
    void aPollFromAnOlderRevisionAnswersAtOnceWithTheItemsThatChanged() {
        long first = put("watch-now", "prod", "a", "1");
        long second = put("watch-now", "prod", "b.c", "2");
        put("watch-now", "dev", "a", "not this profile");
        TestHttp.Answer a = other.get("/api/v1/watch/config/watch-now/prod?revision=" + first + "&timeout=10s");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("revision").asLong()).isEqualTo(second);
        JsonNode change = a.json().get("changes").get(0);
        assertThat(change.get("key").asText()).isEqualTo("b.c");
        assertThat(change.get("op").asText()).isEqualTo("PUT");
        assertThat(change.get("value").asText()).isEqualTo("2");
        assertThat(change.get("modRevision").asLong()).isEqualTo(second);
        assertThat(a.json().get("changes")).hasSize(1);
    }

    @Test
    void aHeldPollIsAnsweredByAChangeOnAnotherServerAndNotByOtherApps() throws Exception {
        long start = put("watch-held", "prod", "a", "1");
        var feed = beacon.server(1).mirrors().feed("/beacon/config/");
        int before = feed.size();
        CompletableFuture<TestHttp.Answer> poll = CompletableFuture.supplyAsync(
                () -> other.get("/api/v1/watch/config/watch-held/prod?revision=" + start + "&timeout=30s"));
        await().until(() -> feed.size() > before || poll.isDone());
        put("watch-held-other", "prod", "a", "unrelated");
        put("watch-held", "staging", "a", "unrelated");
        assertThat(poll).isNotDone();
        http.delete("/api/v1/config/watch-held/prod/a");
        TestHttp.Answer a = poll.get(30, TimeUnit.SECONDS);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("changes").get(0).get("op").asText()).isEqualTo("DELETE");
        assertThat(a.json().get("changes").get(0).get("key").asText()).isEqualTo("a");
    }

    @Test
    void aPollWithNothingNewEndsWith304AndACompactedRevisionWith410() {
        long rev = put("watch-quiet", "prod", "a", "1");
        TestHttp.Answer quiet = http.get("/api/v1/watch/config/watch-quiet/prod?revision=" + rev + "&timeout=1s");
        assertThat(quiet.status()).isEqualTo(304);
        assertThat(quiet.revision()).isGreaterThanOrEqualTo(rev);

        put("watch-quiet", "prod", "a", "2");
        put("watch-quiet", "prod", "a", "3");
        etcd.faults().compact();
        // revision 0 is older than anything the server holds in memory: etcd's history is asked, and it is compacted
        TestHttp.Answer gone = http.get("/api/v1/watch/config/watch-quiet/prod?revision=0&timeout=1s");
        gone.assertError(410, "COMPACTED");
    }

    @Test
    void badWatchRequestsAnswer400() {
        assertThat(http.get("/api/v1/watch/config/bad%20app/prod").json().get("code").asText()).isEqualTo("INVALID_NAME");
        assertThat(http.get("/api/v1/watch/config/app/prod?timeout=2m").status()).isEqualTo(400);
        assertThat(http.get("/api/v1/watch/config/app/prod?revision=x").status()).isEqualTo(400);
        assertThat(http.get("/api/v1/events/config/app/pr*d").json().get("code").asText()).isEqualTo("INVALID_NAME");
    }

    @Test
    void theEventStreamCarriesItemsWithWhoChangedThem() {
        try (TestEvents events = TestEvents.open(beacon.url(1), "/api/v1/events/config/watch-sse/prod")) {
            http.send("PUT", "/api/v1/config/watch-sse/prod/db.url", json(Map.of("value", "jdbc:x", "comment", "go live")),
                    Map.of("X-Beacon-Actor", "alice"));
            put("watch-sse", "other", "db.url", "not this profile");
            http.delete("/api/v1/config/watch-sse/prod/db.url");
            await().until(() -> events.changes().size() == 2);
            JsonNode item = events.changes().get(0).data();
            assertThat(events.changes().get(0).type()).isEqualTo("put");
            assertThat(item.get("app").asText()).isEqualTo("watch-sse");
            assertThat(item.get("key").asText()).isEqualTo("db.url");
            assertThat(item.get("value").asText()).isEqualTo("jdbc:x");
            assertThat(item.get("updatedBy").asText()).isEqualTo("alice");
            assertThat(events.changes().get(1).type()).isEqualTo("delete");
        }
    }

    @Test
    void aThousandHeldConfigPollsNeedNoThreadEachAndAllAnswerOnOneChange() throws Exception {
        long rev = put("watch-many", "prod", "seed", "0");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            polls.add(client.sendAsync(HttpRequest.newBuilder(URI.create(beacon.url(0)
                    + "/api/v1/watch/config/watch-many/prod?revision=" + rev + "&timeout=60s")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        var feed = beacon.server(0).mirrors().feed("/beacon/config/");
        await().atMost(Duration.ofSeconds(60)).until(() -> feed.size() >= 1000);
        // handlers run on Jetty's platform pool here (virtual threads off, as on Java 17): a handler that blocked per
        // poll would hold one pool thread each, so the pool (at most a few hundred) could never hold all 1,000
        assertThat(beacon.server(0).busyRequestThreads()).as("request threads busy while 1000 polls are held").isBetween(0, 20);
        long changed = other.put("/api/v1/config/watch-many/prod/flag", json(Map.of("value", "on"))).json().get("modRevision").asLong();
        CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (var p : polls) {
            assertThat(p.get().statusCode()).isEqualTo(200);
            assertThat(p.get().body()).contains("\"revision\":" + changed).contains("\"key\":\"flag\"");
        }
    }
}
