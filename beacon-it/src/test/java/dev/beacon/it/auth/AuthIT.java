package dev.beacon.it.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.EtcdProbe;
import dev.beacon.testkit.TestEvents;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.beacon.it.auth.AuthFixture.ADMIN;
import static dev.beacon.it.auth.AuthFixture.as;
import static dev.beacon.it.auth.AuthFixture.bearer;
import static dev.beacon.it.auth.AuthFixture.issue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Auth on two servers sharing one etcd: every endpoint family × {no token, malformed, unknown, expired, revoked on
 * the other server, read token on a write, out of scope} is refused with the right 401/403 and changes nothing in
 * etcd; in-scope tokens work and write under their description; tokens never appear in plain form in etcd or logs;
 * streams of a revoked token end; WebSocket subscriptions are checked at subscribe time; /scc takes HTTP Basic.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthIT {
    @RegisterExtension @org.junit.jupiter.api.Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @org.junit.jupiter.api.Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd, 2)
            .with(s -> AuthFixture.authOn(s, 100_000));
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> ALL_FAMILIES = List.of("config:*", "services:*", "locks:*", "elections:*", "sessions:*", "kv:*");
    private static final List<String> IN_SCOPE = List.of("config:orders/*", "services:payments", "locks:nightly-*", "elections:e1",
            "sessions:s1", "kv:app/*");
    private static final List<String> OUT_OF_SCOPE = List.of("config:billing/*", "config:*/dev", "services:billing", "locks:billing-*",
            "elections:billing", "sessions:billing", "kv:/billing/*");
    private static final List<String> PLAIN_TOKENS = new CopyOnWriteArrayList<>();
    private static final AuthFixture.Logs LOGS = new AuthFixture.Logs();

    /** One request of the matrix: the family it belongs to, and whether only an admin may make it. */
    record Call(String family, String method, String path, String body, boolean adminOnly) {
        boolean write() {
            return !method.equals("GET");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static final List<Call> CALLS = List.of(
            new Call("config", "PUT", "/api/v1/config/orders/prod/db.url", "{\"value\":\"jdbc:订单\"}", false),
            new Call("config", "PUT", "/api/v1/config/orders/prod", "{\"items\":{\"a\":\"1\"}}", false),
            new Call("config", "PUT", "/api/v1/apps/orders/prod/settings", "{\"format\":\"text\"}", false),
            new Call("services", "PUT", "/api/v1/services/payments/instances/i1", "{\"address\":\"10.0.0.1\",\"port\":80}", false),
            new Call("services", "POST", "/v1/registry/register", "{\"service\":\"payments\",\"address\":\"10.0.0.2\",\"port\":80}", false),
            new Call("locks", "POST", "/api/v1/locks/nightly-a", "{\"ttl\":5}", false),
            new Call("elections", "POST", "/api/v1/elections/e1", "{\"candidate\":\"c1\",\"ttl\":5}", false),
            new Call("sessions", "PUT", "/api/v1/sessions/s1", "{\"data\":{\"k\":\"Grüße\"},\"ttl\":5}", false),
            new Call("kv", "PUT", "/api/v1/kv/app/x", "{\"value\":\"v\"}", false),
            new Call("seed", "POST", "/set", "{\"key\":\"app/y\",\"value\":\"v\"}", true),
            new Call("kv", "DELETE", "/api/v1/kv/app/?prefix=true", null, true),
            new Call("tokens", "POST", "/api/v1/auth/tokens", "{\"role\":\"admin\"}", true),
            new Call("config", "GET", "/api/v1/config/orders/prod", null, false),
            new Call("config", "GET", "/api/v1/watch/config/orders/prod?timeout=1s", null, false),
            new Call("config", "GET", "/scc/orders/prod", null, false),
            new Call("services", "GET", "/api/v1/services/payments", null, false),
            new Call("locks", "GET", "/api/v1/locks/nightly-a", null, false),
            new Call("elections", "GET", "/api/v1/elections/e1", null, false),
            new Call("sessions", "GET", "/api/v1/sessions/s1", null, false),
            new Call("kv", "GET", "/api/v1/kv/app/x", null, false),
            new Call("seed", "GET", "/config/app/x", null, true),
            new Call("events", "GET", "/api/v1/events?prefix=app/", null, true),
            new Call("backup", "GET", "/api/v1/backup/snapshot", null, true),
            new Call("tokens", "GET", "/api/v1/auth/tokens", null, true),
            new Call("doctor", "GET", "/api/v1/doctor", null, true));

    static String inScope;
    static String readAll;
    static String outOfScope;

    @BeforeAll
    static void tokens() {
        inScope = keep(issue(beacon.http(), "write", IN_SCOPE, null, "deploy bot 部署"));
        readAll = keep(issue(beacon.http(), "read", ALL_FAMILIES, "1h", "dashboard"));
        outOfScope = keep(issue(beacon.http(), "write", OUT_OF_SCOPE, null, "billing bot"));
    }

    private static String keep(TestHttp.Answer issued) {
        String token = issued.json().path("token").asText();
        PLAIN_TOKENS.add(token);
        return token;
    }

    /** The secret part of {@code bkn_<16-hex id>_<secret>} (the secret is base64url, so it may hold '_' itself). */
    private static String secretOf(String token) {
        return token.split("_", 3)[2];
    }

    private Map<String, Map<String, String>> stored() {
        EtcdProbe probe = etcd.probe();
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        for (String prefix : List.of("/beacon/config/", "/beacon/meta/", "/beacon/services/", "/beacon/locks/", "/beacon/elections/",
                "/beacon/sessions/", "/beacon/auth/tokens/", "app/")) {
            Map<String, String> values = new LinkedHashMap<>(probe.values(prefix));
            values.remove("/beacon/meta/history-checkpoint"); // the history recorder's own bookkeeping, written in the background
            all.put(prefix, values);
        }
        return all;
    }

    private static void expect(TestHttp.Answer a, int status, String code, String what) {
        assertThat(a.status()).as(what + " → " + a.text()).isEqualTo(status);
        assertThat(a.json().path("code").asText()).as(what).isEqualTo(code);
        assertThat(a.json().path("error").asText()).as(what).isNotBlank();
        if (status == 401) {
            assertThat(a.header("WWW-Authenticate")).as(what).isEqualTo("Bearer realm=\"beacon\"");
        }
    }

    @Test
    @Order(1)
    void everyFamilyRefusesMissingMalformedUnknownExpiredRevokedUnderRoledAndOutOfScopeTokensAndNothingChanges() {
        String expired = keep(issue(beacon.http(), "write", List.of(), 1, "short-lived"));
        String revoked = keep(issue(beacon.http(), "write", IN_SCOPE, null, "revoked bot"));
        String revokedId = beacon.http().send("GET", "/api/v1/auth/tokens", null, bearer(ADMIN)).json().path("tokens")
                .findValues("id").stream().map(JsonNode::asText).filter(revoked::contains).findFirst().orElseThrow();
        // revoked on server 1; server 0 refuses it as soon as its mirror has seen the deletion
        assertThat(as(beacon.http(1), ADMIN, "DELETE", "/api/v1/auth/tokens/" + revokedId, null).status()).isEqualTo(200);
        await().atMost(5, TimeUnit.SECONDS).until(() -> as(beacon.http(0), revoked, "GET", "/api/v1/config/orders/prod", null).status() == 401);
        await().atMost(10, TimeUnit.SECONDS).until(() -> as(beacon.http(0), expired, "GET", "/api/v1/config/orders/prod", null).status() == 401);
        String unknown = "bkn_0123456789abcdef_" + "A".repeat(43);
        Map<String, Map<String, String>> before = stored();

        for (Call c : CALLS) {
            for (int server = 0; server < 2; server++) {
                TestHttp http = beacon.http(server);
                String where = c + " on server " + server;
                expect(http.send(c.method(), c.path(), c.body(), Map.of()), 401, "UNAUTHORIZED", "no token: " + where);
                expect(http.send(c.method(), c.path(), c.body(), Map.of("Authorization", "Bearer not-a-token")), 401, "UNAUTHORIZED",
                        "malformed: " + where);
                expect(http.send(c.method(), c.path(), c.body(), Map.of("Authorization", "Token " + readAll)), 401, "UNAUTHORIZED",
                        "wrong scheme: " + where);
                expect(as(http, unknown, c.method(), c.path(), c.body()), 401, "UNAUTHORIZED", "unknown: " + where);
                expect(as(http, expired, c.method(), c.path(), c.body()), 401, "UNAUTHORIZED", "expired: " + where);
                expect(as(http, revoked, c.method(), c.path(), c.body()), 401, "UNAUTHORIZED", "revoked: " + where);
                if (c.write() || c.adminOnly()) {
                    expect(as(http, readAll, c.method(), c.path(), c.body()), 403, "FORBIDDEN", "read token: " + where);
                }
                expect(as(http, outOfScope, c.method(), c.path(), c.body()), 403, "FORBIDDEN", "out of scope: " + where);
                if (c.adminOnly()) {
                    expect(as(http, inScope, c.method(), c.path(), c.body()), 403, "FORBIDDEN", "not admin: " + where);
                }
            }
        }
        Map<String, Map<String, String>> after = stored();
        // the expired token's record leaves etcd with its lease meanwhile; nothing else may change, no token may appear
        assertThat(before.remove("/beacon/auth/tokens/").keySet()).containsAll(after.remove("/beacon/auth/tokens/").keySet());
        assertThat(after).isEqualTo(before);
    }

    @Test
    @Order(2)
    void tokensInScopeWorkOnEveryFamilyAndWritesAreRecordedUnderTheTokensDescription() {
        for (Call c : CALLS) {
            if (c.write() && !c.adminOnly() && !c.path().startsWith("/v1/")) {
                TestHttp.Answer a = beacon.http(1).send(c.method(), c.path(), c.body(),
                        Map.of("Authorization", "Bearer " + inScope, "X-Beacon-Actor", "mallory"));
                assertThat(a.status()).as(c + " → " + a.text()).isEqualTo(200);
            }
        }
        for (Call c : CALLS) {
            if (!c.write() && !c.adminOnly()) {
                TestHttp.Answer a = as(beacon.http(0), readAll, c.method(), c.path(), c.body());
                assertThat(a.status()).as(c + " → " + a.text()).isIn(200, 304);
            }
        }
        for (Call c : CALLS) {
            if (c.adminOnly() && !c.family().equals("events")) {
                TestHttp.Answer a = as(beacon.http(0), ADMIN, c.method(), c.path(), c.body());
                assertThat(a.status()).as(c + " → " + a.text()).isIn(200, 404); // let through (404: the seed's key is absent)
            }
        }
        // the seed's registration names its service in the body: it needs a token for every service
        Call seed = CALLS.stream().filter(c -> c.path().startsWith("/v1/")).findFirst().orElseThrow();
        expect(as(beacon.http(0), inScope, seed.method(), seed.path(), seed.body()), 403, "FORBIDDEN", "scoped seed register");
        String anyService = keep(issue(beacon.http(), "write", List.of("services:*"), null, "registrar"));
        TestHttp.Answer registered = as(beacon.http(0), anyService, seed.method(), seed.path(), seed.body());
        assertThat(registered.status()).as(registered.text()).isEqualTo(200);
        TestHttp.Answer item = as(beacon.http(0), readAll, "GET", "/api/v1/config/orders/prod/db.url", null);
        assertThat(item.json().path("updatedBy").asText()).isEqualTo("deploy bot 部署");
        assertThat(item.json().path("value").asText()).isEqualTo("jdbc:订单");
        // a scoped token lists nothing beyond its scope; a family-wide one lists the family
        expect(as(beacon.http(0), inScope, "GET", "/api/v1/apps", null), 403, "FORBIDDEN", "scoped listing");
        assertThat(as(beacon.http(0), readAll, "GET", "/api/v1/apps", null).status()).isEqualTo(200);
        // who am I
        JsonNode me = as(beacon.http(0), inScope, "GET", "/api/v1/auth/me", null).json();
        assertThat(me.path("name").asText()).isEqualTo("deploy bot 部署");
        assertThat(me.path("role").asText()).isEqualTo("write");
    }

    @Test
    @Order(3)
    void tokensAreListedWithoutSecretsAndNeverStoredOrLoggedInPlainForm() {
        as(beacon.http(0), inScope, "PUT", "/api/v1/config/orders/prod/db.password", "{\"value\":\"s3cr3t-密码\"}");
        JsonNode list = as(beacon.http(1), ADMIN, "GET", "/api/v1/auth/tokens", null).json().path("tokens");
        assertThat(list.size()).isGreaterThanOrEqualTo(3);
        for (JsonNode t : list) {
            assertThat(t.has("hash")).isFalse();
            assertThat(t.has("token")).isFalse();
            assertThat(t.path("id").asText()).matches("[0-9a-f]{16}");
            assertThat(t.path("createdBy").asText()).isEqualTo("admin");
        }
        Map<String, String> everything = etcd.probe().values(EtcdProbe.ALL);
        assertThat(everything.keySet()).anyMatch(k -> k.startsWith("/beacon/auth/tokens/"));
        String dump = String.join("\n", everything.keySet()) + "\n" + String.join("\n", everything.values());
        for (String token : PLAIN_TOKENS) {
            assertThat(dump).doesNotContain(token).doesNotContain(secretOf(token));
        }
        assertThat(dump).doesNotContain(ADMIN);
        String logs = String.join("\n", LOGS.lines());
        assertThat(logs).contains("beacon.access"); // the capture works
        for (String token : PLAIN_TOKENS) {
            assertThat(logs).doesNotContain(secretOf(token));
        }
        assertThat(logs).doesNotContain(ADMIN).doesNotContain("s3cr3t");
    }

    @Test
    @Order(4)
    void aRevokedTokensOpenStreamIsClosedOnTheOtherServer() {
        TestHttp.Answer issued = issue(beacon.http(), "read", List.of("config:orders/*"), null, "stream reader");
        String token = keep(issued);
        Map<String, String> headers = new LinkedHashMap<>(bearer(token));
        try (TestEvents events = TestEvents.open(beacon.url(0), "/api/v1/events/config/orders/prod", headers)) {
            assertThat(events.status()).isEqualTo(200);
            assertThat(events.ended()).isFalse();
            as(beacon.http(1), ADMIN, "DELETE", "/api/v1/auth/tokens/" + issued.json().path("id").asText(), null);
            await().atMost(10, TimeUnit.SECONDS).until(events::ended);
        }
        // an expiring token's stream ends when the token expires
        String shortLived = keep(issue(beacon.http(), "read", List.of("services:*"), 3, "expiring reader"));
        try (TestEvents events = TestEvents.open(beacon.url(1), "/api/v1/events/services/payments", bearer(shortLived))) {
            assertThat(events.status()).isEqualTo(200);
            await().atMost(15, TimeUnit.SECONDS).until(events::ended);
        }
        assertThat(as(beacon.http(1), shortLived, "GET", "/api/v1/services/payments", null).status()).isEqualTo(401);
        try (TestEvents refused = TestEvents.open(beacon.url(0), "/api/v1/events/config/billing/prod", bearer(readAll))) {
            assertThat(refused.status()).isEqualTo(200); // readAll covers config:* — in scope
        }
        try (TestEvents refused = TestEvents.open(beacon.url(0), "/api/v1/events/config/orders/prod", bearer(outOfScope))) {
            assertThat(refused.status()).isEqualTo(403);
        }
    }

    @Test
    @Order(5)
    void webSocketSubscriptionsOutsideTheScopeAreRefusedAtSubscribeTimeAndARevokedTokensConnectionCloses() throws Exception {
        TestHttp.Answer issued = issue(beacon.http(), "read", List.of("config:orders/*"), null, "ws reader");
        String token = keep(issued);
        List<JsonNode> messages = new CopyOnWriteArrayList<>();
        List<Integer> closed = new CopyOnWriteArrayList<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(beacon.url(0).replace("http://", "ws://") + "/api/v1/ws"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                messages.add(MAPPER.readTree(text.toString()));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            text.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
                        closed.add(status);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        ws.sendText("{\"subscribe\":\"config/billing/prod\"}", true).get(5, TimeUnit.SECONDS);
        ws.sendText("{\"subscribe\":\"app/\"}", true).get(5, TimeUnit.SECONDS);
        ws.sendText("{\"subscribe\":\"config/orders/prod\"}", true).get(5, TimeUnit.SECONDS);
        await().atMost(10, TimeUnit.SECONDS).until(() -> messages.size() >= 3);
        assertThat(messages.get(0).path("type").asText()).isEqualTo("error");
        assertThat(messages.get(0).path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(messages.get(1).path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(messages.get(2).path("type").asText()).isEqualTo("subscribed");
        as(beacon.http(1), ADMIN, "DELETE", "/api/v1/auth/tokens/" + issued.json().path("id").asText(), null);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !closed.isEmpty());
        assertThat(closed.get(0)).isEqualTo(4401);
        // no token at all: the upgrade is refused
        var refused = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(beacon.url(0).replace("http://", "ws://") + "/api/v1/ws"), new WebSocket.Listener() {
                });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
                .satisfies(e -> assertThat(rootCause(e).getMessage()).contains("401"));
    }

    @Test
    @Order(6)
    void springCloudConfigClientsMayUseBasicWithTheTokenAsPassword() {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("spring:" + readAll).getBytes(StandardCharsets.UTF_8));
        TestHttp.Answer scc = beacon.http(0).send("GET", "/scc/orders/prod", null, Map.of("Authorization", basic));
        assertThat(scc.status()).as(scc.text()).isEqualTo(200);
        assertThat(scc.text()).contains("jdbc:订单");
        String wrong = "Basic " + Base64.getEncoder().encodeToString("spring:nope".getBytes(StandardCharsets.UTF_8));
        expect(beacon.http(0).send("GET", "/scc/orders/prod", null, Map.of("Authorization", wrong)), 401, "UNAUTHORIZED", "bad basic");
        // Basic is for /scc only
        expect(beacon.http(0).send("GET", "/api/v1/config/orders/prod", null, Map.of("Authorization", basic)), 401, "UNAUTHORIZED",
                "basic elsewhere");
        String outBasic = "Basic " + Base64.getEncoder().encodeToString(("x:" + outOfScope).getBytes(StandardCharsets.UTF_8));
        expect(beacon.http(0).send("GET", "/scc/orders/prod", null, Map.of("Authorization", outBasic)), 403, "FORBIDDEN", "basic scope");
    }

    @Test
    @Order(7)
    void probesStayOpenAndBadTokenRequestsAreClearErrors() {
        assertThat(beacon.http(0).get("/ping").status()).isEqualTo(200);
        assertThat(beacon.http(0).get("/health").status()).isEqualTo(200);
        TestHttp.Answer ready = beacon.http(0).get("/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("auth").path("enabled").asBoolean()).isTrue();
        List<String> bad = new ArrayList<>(List.of("{}", "{\"role\":\"root\"}", "{\"role\":\"read\",\"scopes\":[\"nope\"]}",
                "{\"role\":\"read\",\"scopes\":\"config\"}", "{\"role\":\"admin\",\"scopes\":[\"config:x\"]}",
                "{\"role\":\"read\",\"ttl\":0}", "{\"role\":\"read\",\"ttl\":\"soon\"}", "{\"role\":\"read\",\"description\":\"\\u0000\"}", "[1]", "{"));
        long tokens = etcd.probe().count("/beacon/auth/tokens/");
        for (String body : bad) {
            TestHttp.Answer a = as(beacon.http(0), ADMIN, "POST", "/api/v1/auth/tokens", body);
            assertThat(a.status()).as(body + " → " + a.text()).isEqualTo(400);
            assertThat(a.json().path("code").asText()).as(body).isEqualTo("BAD_REQUEST");
        }
        expect(as(beacon.http(0), ADMIN, "DELETE", "/api/v1/auth/tokens/0123456789abcdef", null), 404, "NOT_FOUND", "revoke unknown");
        expect(as(beacon.http(0), ADMIN, "DELETE", "/api/v1/auth/tokens/nope", null), 400, "BAD_REQUEST", "revoke malformed");
        assertThat(etcd.probe().count("/beacon/auth/tokens/")).isEqualTo(tokens);
    }

    private static Throwable rootCause(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    @org.junit.jupiter.api.AfterAll
    static void stopCapture() {
        LOGS.close();
    }
}
