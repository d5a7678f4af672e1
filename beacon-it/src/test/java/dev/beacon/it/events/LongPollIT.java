package dev.beacon.it.events;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
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

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Long polls on the shared change feed: at once, held until a change, 304 on timeout, 410 when compacted, no thread each. */
class LongPollIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd)
            .with(s -> s.toBuilder().virtualThreads(false).build()); // held polls must not need a thread, on any JDK

    private final TestHttp http = beacon.http();

    private long put(String key, String value) {
        return RawKeys.put(http, key, value);
    }

    @Test
    void aChangeAfterTheRevisionIsAnsweredAtOnce() {
        long before = put("lp-now/a", "1");
        long after = put("lp-now/b", "2");
        TestHttp.Answer a = http.get("/api/v1/watch?prefix=lp-now/&revision=" + before + "&timeout=10s");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("revision").asLong()).isEqualTo(after);
        assertThat(a.revision()).isEqualTo(after);
        assertThat(a.json().get("changes")).hasSize(1);
        assertThat(a.json().get("changes").get(0).get("key").asText()).isEqualTo("lp-now/b");
        assertThat(a.json().get("changes").get(0).get("op").asText()).isEqualTo("PUT");
    }

    @Test
    void aHeldPollIsAnsweredByTheNextChange() throws Exception {
        long start = put("lp-held/a", "1");
        CompletableFuture<TestHttp.Answer> poll = CompletableFuture.supplyAsync(
                () -> http.get("/api/v1/watch?prefix=lp-held/&revision=" + start + "&timeout=30s"));
        var feed = beacon.server().mirrors().feed("lp-held/");
        await().until(() -> feed.size() == 1);
        assertThat(poll).isNotDone();
        http.delete("/api/v1/kv/lp-held/a");
        TestHttp.Answer a = poll.get();
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("changes").get(0).get("op").asText()).isEqualTo("DELETE");
    }

    @Test
    void aPollWithNothingNewEndsWith304AfterItsTimeout() {
        long rev = put("lp-quiet/a", "1");
        TestHttp.Answer a = http.get("/api/v1/watch?prefix=lp-quiet/&revision=" + rev + "&timeout=1s");
        assertThat(a.status()).isEqualTo(304);
        assertThat(a.text()).isEmpty();
        assertThat(a.revision()).isGreaterThanOrEqualTo(rev);
    }

    @Test
    void aCompactedRevisionAnswers410() {
        long old = put("lp-compact/a", "1");
        put("lp-compact/a", "2");
        etcd.faults().compact();
        TestHttp.Answer a = http.get("/api/v1/watch?prefix=lp-compacted-fresh/&revision=" + (old - 1) + "&timeout=1s");
        a.assertError(410, "COMPACTED");
    }

    @Test
    void badPollParametersAnswer400() {
        for (String q : List.of("prefix=x/&timeout=0s", "prefix=x/&timeout=61s", "prefix=x/&timeout=abc",
                "prefix=x/&revision=-1", "prefix=x/&revision=ten", "revision=1")) {
            TestHttp.Answer a = http.get("/api/v1/watch?" + q);
            assertThat(a.status()).as(q).isEqualTo(400);
            assertThat(a.json().get("code").asText()).as(q).isEqualTo("BAD_REQUEST");
        }
    }

    @Test
    void aThousandHeldPollsNeedNoThreadEachAndAllAnswerOnOneChange() throws Exception {
        long rev = put("lp-many/seed", "0");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            polls.add(client.sendAsync(HttpRequest.newBuilder(URI.create(beacon.url()
                    + "/api/v1/watch?prefix=lp-many/&revision=" + rev + "&timeout=60s")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        var feed = beacon.server().mirrors().feed("lp-many/");
        await().atMost(Duration.ofSeconds(60)).until(() -> feed.size() >= 1000);
        // handlers run on Jetty's platform pool here (virtual threads off, as on Java 17): a handler that blocked per
        // poll would hold one pool thread each, so the pool (at most a few hundred) could never hold all 1,000
        assertThat(beacon.server().busyRequestThreads()).as("request threads busy while 1000 polls are held").isBetween(0, 20);
        long changed = put("lp-many/x", "1");
        CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).get(60, java.util.concurrent.TimeUnit.SECONDS);
        for (var p : polls) {
            assertThat(p.get().statusCode()).isEqualTo(200);
            assertThat(p.get().body()).contains("\"revision\":" + changed);
        }
    }
}
