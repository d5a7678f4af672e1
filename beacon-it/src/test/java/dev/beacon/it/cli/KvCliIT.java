package dev.beacon.it.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.it.cli.Cli.Result;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code beacon kv ...}: raw keys with prefix, ttl and prev-revision, checked against etcd itself. */
class KvCliIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    private static Result cli(String... args) {
        return Cli.run(beacon.url(), args);
    }

    @Test
    void putGetAndLsInEachFormatMatchWhatEtcdHolds() {
        Result put = cli("kv", "put", "/app/a", "一");
        assertThat(put.code()).isZero();
        long rev = Long.parseLong(put.out().strip());
        cli("kv", "put", "/app/b", "two");
        cli("kv", "put", "/other", "x");
        assertThat(etcd.probe().get("/app/a")).contains("一");

        assertThat(cli("kv", "get", "/app/a").out()).isEqualTo("一" + System.lineSeparator());
        JsonNode kv = cli("kv", "get", "/app/a", "-o", "json").json();
        List<String> names = new ArrayList<>();
        kv.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("key", "value", "version", "createRevision", "modRevision", "lease");
        assertThat(kv.get("modRevision").asLong()).isEqualTo(rev);
        assertThat(cli("kv", "get", "/app/a", "-o", "table").lines().get(0)).startsWith("KEY").contains("MODIFIED");

        assertThat(cli("kv", "ls", "/app/").lines()).containsExactly("/app/a=一", "/app/b=two");
        assertThat(cli("kv", "ls", "/app/", "--keys-only").lines()).containsExactly("/app/a", "/app/b");
        JsonNode list = cli("kv", "ls", "/app/", "-o", "json").json();
        assertThat(list.has("kvs") && list.has("revision") && list.has("more")).isTrue();
        assertThat(list.get("kvs")).hasSize(2);
        assertThat(cli("kv", "ls", "/app/", "--limit", "1", "-o", "json").json().get("more").asBoolean()).isTrue();
        assertThat(cli("kv", "ls", "/app/", "-o", "table").lines()).hasSize(3);
    }

    @Test
    void prevRevisionGuardsWritesAndDeletes() {
        long rev = Long.parseLong(cli("kv", "put", "/cas/k", "v1").out().strip());
        Result stale = cli("kv", "put", "/cas/k", "v2", "--prev-revision", Long.toString(rev - 1));
        assertThat(stale.code()).isEqualTo(4);
        assertThat(stale.err().strip()).startsWith("beacon: ").doesNotContain("\n");
        assertThat(etcd.probe().get("/cas/k")).contains("v1");
        assertThat(cli("kv", "put", "/cas/k", "v2", "--prev-revision", "0").code()).isEqualTo(4);
        assertThat(cli("kv", "put", "/cas/k", "v2", "--prev-revision", Long.toString(rev), "-o", "json").json().get("key").asText()).isEqualTo("/cas/k");
        assertThat(etcd.probe().get("/cas/k")).contains("v2");
    }

    @Test
    void aKeyWithATtlGoesWhenItsLeaseExpires() {
        assertThat(cli("kv", "put", "/ttl/k", "v", "--ttl", "2s").code()).isZero();
        assertThat(cli("kv", "get", "/ttl/k", "-o", "json").json().get("lease").asLong()).isNotZero();
        await().until(() -> etcd.probe().get("/ttl/k").isEmpty());
        assertThat(cli("kv", "get", "/ttl/k").code()).isEqualTo(3);
    }

    @Test
    void delRemovesOneKeyOrAPrefixAndExitsThreeWhenNothingWasThere() {
        cli("kv", "put", "/del/a", "1");
        cli("kv", "put", "/del/b", "2");
        cli("kv", "put", "/del/c", "3");
        assertThat(cli("kv", "del", "/del/a").out().strip()).isEqualTo("1");
        assertThat(cli("kv", "del", "/del/", "--prefix", "-o", "json").json().get("deleted").asLong()).isEqualTo(2);
        assertThat(etcd.probe().count("/del/")).isZero();
        Result none = cli("kv", "del", "/del/a");
        assertThat(none.code()).isEqualTo(3);
        assertThat(none.err()).contains("no key /del/a");
    }
}
