package dev.beacon.it.http;

import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import dev.beacon.core.WriteRecord;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every write family goes through the one write seam: an observer hears each write with who made it, what it
 * was, its target and the revision it wrote (the revision the answer carries), and a guard that refuses stops
 * the write before anything reaches etcd.
 */
class WriteSeamIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    static final List<WriteRecord> records = new CopyOnWriteArrayList<>();
    static final Map<String, String> AS_CAROL = Map.of("X-Beacon-Actor", "carol");

    @BeforeAll
    static void listen() {
        beacon.server().writes().addObserver(records::add);
        beacon.server().writes().addGuard((who, action, target) -> {
            if (target.contains("forbidden")) {
                throw new BeaconException(ErrorCode.FORBIDDEN, who.name() + " may not " + action + " " + target);
            }
        });
    }

    private static TestHttp.Answer send(String method, String path, Object body) {
        return beacon.http().send(method, path, body == null ? null : json(body), AS_CAROL);
    }

    private static WriteRecord recorded(String action, String target) {
        await().until(() -> records.stream().anyMatch(r -> r.action().equals(action) && r.target().equals(target)));
        WriteRecord r = records.stream().filter(x -> x.action().equals(action) && x.target().equals(target)).findFirst().orElseThrow();
        assertThat(r.who().name()).isEqualTo("carol");
        assertThat(r.who().address()).isNotBlank();
        return r;
    }

    @Test
    void everyWriteFamilyIsObservedWithItsActorTargetAndRevision() {
        TestHttp.Answer a;
        a = send("PUT", "/api/v1/config/seam/prod/db.url", Map.of("value", "x"));
        assertThat(recorded("config.put", "seam/prod/db.url").revision()).isEqualTo(a.revision());
        a = send("PUT", "/api/v1/config/seam/prod", Map.of("items", Map.of("a", "1", "b", "2")));
        assertThat(recorded("config.batch", "seam/prod").revision()).isEqualTo(a.revision());
        a = send("POST", "/api/v1/config/seam/prod/db.url/rollback", Map.of("toRevision", recorded("config.put", "seam/prod/db.url").revision()));
        assertThat(recorded("config.rollback", "seam/prod/db.url").revision()).isEqualTo(a.revision());
        a = send("PUT", "/api/v1/apps/seam/prod/settings", Map.of("format", "text"));
        assertThat(recorded("config.settings", "seam/prod").revision()).isEqualTo(a.revision());
        a = send("DELETE", "/api/v1/config/seam/prod/a", null);
        assertThat(recorded("config.delete", "seam/prod/a").revision()).isEqualTo(a.revision());
        a = send("PUT", "/api/v1/services/pay/instances/p-1", Map.of("address", "127.0.0.1", "port", 9));
        assertThat(recorded("registry.register", "pay/p-1").revision()).isEqualTo(a.revision());
        a = send("PUT", "/api/v1/services/pay/instances/p-1/status", Map.of("status", "DRAINING"));
        assertThat(recorded("registry.status", "pay/p-1").revision()).isEqualTo(a.revision());
        a = send("PUT", "/api/v1/services/pay/settings", Map.of("protectThreshold", 0.5));
        assertThat(recorded("registry.settings", "pay").revision()).isEqualTo(a.revision());
        a = send("DELETE", "/api/v1/services/pay/instances/p-1", null);
        assertThat(recorded("registry.deregister", "pay/p-1").revision()).isEqualTo(a.revision());
        a = send("POST", "/api/v1/locks/job", Map.of("ttl", 10));
        assertThat(recorded("locks.acquire", "job").revision()).isEqualTo(a.json().get("token").asLong());
        a = send("DELETE", "/api/v1/locks/job?token=" + a.json().get("token").asLong(), null);
        assertThat(recorded("locks.release", "job").revision()).isEqualTo(a.revision());
        a = send("POST", "/api/v1/elections/lead", Map.of("candidate", "c1", "ttl", 10));
        assertThat(recorded("elections.campaign", "lead").ok()).isTrue();
        a = send("DELETE", "/api/v1/elections/lead?leaseId=" + a.json().get("leaseId").asText(), null);
        assertThat(recorded("elections.resign", "lead").revision()).isEqualTo(a.revision());
        a = send("PUT", "/api/v1/sessions/s-1", Map.of("data", Map.of("k", "v"), "ttl", 10));
        assertThat(recorded("sessions.put", "s-1").revision()).isEqualTo(a.revision());
        a = send("DELETE", "/api/v1/sessions/s-1", null);
        assertThat(recorded("sessions.delete", "s-1").revision()).isEqualTo(a.revision());
        a = send("PUT", "/api/v1/kv/raw/k", Map.of("value", "v"));
        assertThat(recorded("kv.put", "raw/k").revision()).isEqualTo(a.revision());
        a = send("DELETE", "/api/v1/kv/raw/k", null);
        assertThat(recorded("kv.delete", "raw/k").revision()).isEqualTo(a.revision());
        a = send("POST", "/set", Map.of("key", "seed/k", "value", "v"));
        assertThat(recorded("kv.put", "seed/k").revision()).isEqualTo(a.revision());
    }

    @Test
    void aFailedWriteIsObservedWithItsErrorCode() {
        send("PUT", "/api/v1/config/seam/fail/k", Map.of("value", "1"));
        TestHttp.Answer conflict = beacon.http().send("PUT", "/api/v1/config/seam/fail/k", json(Map.of("value", "2")),
                Map.of("X-Beacon-Actor", "carol", "If-Match", "1"));
        assertThat(conflict.status()).isEqualTo(409);
        await().until(() -> records.stream().anyMatch(r -> r.target().equals("seam/fail/k") && r.result().equals("VERSION_CONFLICT")));
    }

    @Test
    void aGuardThatRefusesStopsTheWriteBeforeEtcd() {
        TestHttp.Answer refused = send("PUT", "/api/v1/config/seam/forbidden/k", Map.of("value", "x"));
        refused.assertError(403, "FORBIDDEN");
        assertThat(beacon.http().get("/api/v1/config/seam/forbidden/k?consistent=true").status()).isEqualTo(404);
        assertThat(send("PUT", "/api/v1/kv/forbidden", Map.of("value", "x")).status()).isEqualTo(403);
        assertThat(beacon.http().get("/api/v1/kv/forbidden").status()).isEqualTo(404);
    }
}
