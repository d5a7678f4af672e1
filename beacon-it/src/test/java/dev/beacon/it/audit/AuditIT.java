package dev.beacon.it.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.core.audit.AuditSettings;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every kind of write leaves one audit record — who (the actor's name), from where, what, on which target, at which
 * revision, with which result — written before the write's answer; a failed write is recorded with its error code;
 * the trail pages newest first with filters and a cursor, refuses bad parameters with 400, is never in the mirror,
 * and is pruned past its retention.
 */
class AuditIT {
    @RegisterExtension static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension static BeaconExtension beacon = BeaconExtension.on(etcd)
            .with(s -> s.toBuilder().audit(new AuditSettings(Duration.ofDays(1), Duration.ofHours(1))).build());

    private static TestHttp.Answer as(String actor, String method, String path, Object body) {
        return beacon.http().send(method, path, body == null ? null : body instanceof String t ? t : json(body), Map.of("X-Beacon-Actor", actor));
    }

    private static List<JsonNode> records(String query) {
        TestHttp.Answer a = beacon.http().get("/api/v1/audit?" + query);
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        assertThat(a.revision()).isPositive();
        List<JsonNode> out = new ArrayList<>();
        a.json().get("records").forEach(out::add);
        return out;
    }

    /** The one record of {@code actor} with this action and target; the write answered only after it was written. */
    private static JsonNode recorded(String actor, String action, String target) {
        List<JsonNode> found = records("actor=" + enc(actor) + "&action=" + enc(action) + "&target=" + enc(target));
        assertThat(found).as("audit records of %s %s by %s", action, target, actor).hasSize(1);
        JsonNode r = found.get(0);
        assertThat(r.get("actor").get("name").asText()).isEqualTo(actor);
        assertThat(r.get("address").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1", "[0:0:0:0:0:0:0:1]");
        assertThat(Instant.parse(r.get("time").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(r.get("id").asText()).matches("\\d{17}-[0-9a-f]{12}");
        return r;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void ok(String actor, TestHttp.Answer a, String action, String target) {
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        JsonNode r = recorded(actor, action, target);
        assertThat(r.get("result").asText()).isEqualTo("OK");
        assertThat(r.get("revision").asLong()).isEqualTo(a.revision());
    }

    @Test
    void everyWriteKindIsRecordedWithItsActorAddressTargetAndRevisionBeforeItAnswers() {
        String u = "auditor-7"; // header values are ASCII on the wire; UTF-8 flows in the values below
        ok(u, as(u, "PUT", "/api/v1/config/aud/prod/db.url", Map.of("value", "jdbc:一")), "config.put", "aud/prod/db.url");
        long first = recorded(u, "config.put", "aud/prod/db.url").get("revision").asLong();
        ok(u, as(u, "PUT", "/api/v1/config/aud/prod", Map.of("items", Map.of("a", "1", "b", "ü"))), "config.batch", "aud/prod");
        ok(u, beacon.http().send("POST", "/api/v1/config/aud/imp/import?format=properties", "x=1\ny=中文\n",
                Map.of("X-Beacon-Actor", u, "Content-Type", "text/plain")), "config.import", "aud/imp");
        ok(u, as(u, "POST", "/api/v1/config/aud/prod/db.url/rollback", Map.of("toRevision", first)), "config.rollback", "aud/prod/db.url");
        ok(u, as(u, "PUT", "/api/v1/apps/aud/prod/settings", Map.of("format", "text")), "config.settings", "aud/prod");
        ok(u, as(u, "DELETE", "/api/v1/config/aud/prod/a", null), "config.delete", "aud/prod/a");
        ok(u, as(u, "PUT", "/api/v1/services/pay/instances/p-1", Map.of("address", "127.0.0.1", "port", 9)), "registry.register", "pay/p-1");
        ok(u, as(u, "POST", "/v1/registry/register", Map.of("service", "seed", "address", "127.0.0.1", "port", 7)), "registry.register", "seed/*");
        ok(u, as(u, "PUT", "/api/v1/services/pay/instances/p-1/status", Map.of("status", "OUT_OF_SERVICE")), "registry.status", "pay/p-1");
        ok(u, as(u, "PUT", "/api/v1/services/pay/settings", Map.of("protectThreshold", 0.5)), "registry.settings", "pay");
        ok(u, as(u, "DELETE", "/api/v1/services/pay/instances/p-1", null), "registry.deregister", "pay/p-1");
        TestHttp.Answer lock = as(u, "POST", "/api/v1/locks/nightly", Map.of("ttl", 10));
        assertThat(lock.status()).isEqualTo(200);
        await().untilAsserted(() -> assertThat(recorded(u, "locks.acquire", "nightly").get("revision").asLong())
                .isEqualTo(lock.json().get("token").asLong()));
        ok(u, as(u, "DELETE", "/api/v1/locks/nightly?token=" + lock.json().get("token").asLong(), null), "locks.release", "nightly");
        TestHttp.Answer campaign = as(u, "POST", "/api/v1/elections/lead", Map.of("candidate", "c1", "ttl", 10));
        assertThat(campaign.status()).isEqualTo(200);
        await().untilAsserted(() -> assertThat(recorded(u, "elections.campaign", "lead").get("result").asText()).isEqualTo("OK"));
        ok(u, as(u, "DELETE", "/api/v1/elections/lead?leaseId=" + campaign.json().get("leaseId").asText(), null), "elections.resign", "lead");
        ok(u, as(u, "PUT", "/api/v1/sessions/s-1", Map.of("data", Map.of("k", "v"), "ttl", 10)), "sessions.put", "s-1");
        ok(u, as(u, "DELETE", "/api/v1/sessions/s-1", null), "sessions.delete", "s-1");
        ok(u, as(u, "PUT", "/api/v1/kv/raw/k", Map.of("value", "v")), "kv.put", "raw/k");
        ok(u, as(u, "DELETE", "/api/v1/kv/raw/k", null), "kv.delete", "raw/k");
        as(u, "PUT", "/api/v1/kv/raw/p/1", Map.of("value", "v"));
        ok(u, as(u, "DELETE", "/api/v1/kv/raw/p/?prefix=true", null), "kv.delete-prefix", "raw/p/");
        ok(u, as(u, "POST", "/set", Map.of("key", "seed/k", "value", "v")), "kv.put", "seed/k");
    }

    @Test
    void aFailedWriteIsRecordedWithItsErrorCodeAndNoRevision() {
        as("mallory", "PUT", "/api/v1/config/aud/fail/k", Map.of("value", "1"));
        TestHttp.Answer conflict = beacon.http().send("PUT", "/api/v1/config/aud/fail/k", json(Map.of("value", "2")),
                Map.of("X-Beacon-Actor", "mallory", "If-Match", "1"));
        conflict.assertError(409, "VERSION_CONFLICT");
        List<JsonNode> found = records("actor=mallory&target=aud/fail/k");
        assertThat(found).extracting(r -> r.get("result").asText()).containsExactly("VERSION_CONFLICT", "OK");
        assertThat(found.get(0).get("revision").asLong()).isZero();
        as("mallory", "DELETE", "/api/v1/locks/nobody?token=5", null).assertError(409, "LOCK_HELD");
        assertThat(records("actor=mallory&action=locks.release")).extracting(r -> r.get("result").asText()).containsExactly("LOCK_HELD");
    }

    @Test
    void deliveryReportsOfTheSdkAreTelemetryAndNotAudited() {
        TestHttp.Answer report = as("sdk-host", "POST", "/api/v1/config/aud/dev/clients", Map.of("instanceId", "sdk-1", "revision", 1));
        assertThat(report.status()).as(report.text()).isEqualTo(200);
        as("sdk-host", "PUT", "/api/v1/config/aud/dev/k", Map.of("value", "v"));
        assertThat(records("actor=sdk-host")).extracting(r -> r.get("action").asText()).containsExactly("config.put");
    }

    @Test
    void pagesGoNewestFirstWithACursorAndFilters() {
        for (int i = 0; i < 7; i++) {
            as("pager", "PUT", "/api/v1/config/page/dev/k" + i, Map.of("value", "v" + i));
        }
        as("other", "PUT", "/api/v1/config/page/dev/k0", Map.of("value", "x"));
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            TestHttp.Answer a = beacon.http().get("/api/v1/audit?actor=pager&limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(a.status()).isEqualTo(200);
            a.json().get("records").forEach(r -> seen.add(r.get("target").asText()));
            cursor = a.json().path("next").isTextual() ? a.json().get("next").asText() : null;
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(seen).containsExactly("page/dev/k6", "page/dev/k5", "page/dev/k4", "page/dev/k3", "page/dev/k2", "page/dev/k1", "page/dev/k0");
        assertThat(pages).isEqualTo(3);
        assertThat(records("target=page/dev/*&limit=1000")).hasSize(8);
        assertThat(records("target=page/dev/k0")).extracting(r -> r.get("actor").get("name").asText()).containsExactly("other", "pager");
        assertThat(records("action=config.*&actor=other")).hasSize(1);
        assertThat(records("action=registry.*&actor=pager")).isEmpty();
        assertThat(records("actor=pager&since=" + Instant.now().plusSeconds(3600))).isEmpty();
        assertThat(records("actor=pager&since=1h")).hasSize(7);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "limit=0         | limit",
            "limit=1001      | limit",
            "limit=ten       | limit",
            "since=yesterday | since",
            "since=5x        | since",
            "cursor=abc      | cursor",
    })
    void badParametersAnswer400AndNameTheParameter(String query, String named) {
        beacon.http().get("/api/v1/audit?" + query).assertError(400, "BAD_REQUEST", named);
    }

    @Test
    void auditRecordsAreInEtcdButNeverInTheMirror() {
        as("mirror-check", "PUT", "/api/v1/config/mir/dev/k", Map.of("value", "v"));
        String id = records("actor=mirror-check").get(0).get("id").asText();
        assertThat(etcd.probe().keys("/beacon/audit/")).contains("/beacon/audit/" + id);
        var mirror = beacon.server().mirrors().root();
        assertThat(mirror.covers("/beacon/audit/" + id)).isFalse();
        assertThat(mirror.get("/beacon/audit/" + id)).isEmpty();
        assertThat(mirror.list("/beacon/audit/")).isEmpty();
        await().untilAsserted(() -> assertThat(mirror.get("/beacon/config/mir/dev/k")).isPresent());
        // nor does a raw watch load it into a mirror of its own
        beacon.http().get("/api/v1/watch?prefix=/beacon/audit/&revision=1&timeout=1s").assertError(400, "BAD_REQUEST", "GET /api/v1/audit");
        int before = beacon.server().mirrors().all().size();
        for (String wider : new String[]{"/beacon/", "/beacon/au", "/"}) { // the console watches /beacon/
            TestHttp.Answer wide = beacon.http().get("/api/v1/watch?prefix=" + wider + "&revision=" + etcd.probe().revision() + "&timeout=1s");
            assertThat(wide.status()).as(wider + ": " + wide.text()).isIn(200, 304);
        }
        assertThat(beacon.server().mirrors().all()).as("only / needs a mirror of its own").hasSize(before + 1)
                .allSatisfy(m -> assertThat(m.covers("/beacon/audit/" + id)).isFalse());
    }

    @Test
    void pruningDeletesRecordsOlderThanTheCutoffAndKeepsNewerOnes() throws Exception {
        as("pruner", "PUT", "/api/v1/config/prune/dev/old", Map.of("value", "1"));
        Instant cutoff = Instant.parse(records("actor=pruner&target=prune/dev/old").get(0).get("time").asText()).plusNanos(1000);
        await().until(() -> Instant.now().isAfter(cutoff));
        as("pruner", "PUT", "/api/v1/config/prune/dev/new", Map.of("value", "2"));
        long deleted = beacon.server().audit().prune(cutoff).get();
        assertThat(deleted).isPositive();
        assertThat(records("actor=pruner")).extracting(r -> r.get("target").asText()).containsExactly("prune/dev/new");
        assertThat(beacon.server().audit().prune(cutoff).get()).isZero();
    }
}
