package dev.beacon.it.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beacon.it.cli.Cli.Result;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code beacon config watch} prints each change as it happens, and goes on after the server it watched through stops. */
class ConfigWatchCliIT {
    /** The watches run on threads of their own, never on the common pool (one thread on two cores). */
    static final java.util.concurrent.ExecutorService WATCHERS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "watch-cli");
        t.setDaemon(true);
        return t;
    });

    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd, 2);

    @Test
    void watchPrintsEachChangeAndResumesThroughTheOtherServerAfterABreak() throws Exception {
        Cli.run(beacon.url(0), "config", "set", "live", "prod", "before", "x");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String servers = beacon.url(0) + "," + beacon.url(1);
        CompletableFuture<Integer> watch = CompletableFuture.supplyAsync(() -> dev.beacon.cli.Main.execute(
                new String[] {"config", "watch", "live", "prod", "--count", "3", "-o", "json"},
                Map.of("BEACON_SERVER", servers, "BEACON_CONFIG", "/nonexistent"), new PrintWriter(out), new PrintWriter(err)), WATCHERS);
        await().until(() -> err.toString().contains("watching live/prod from revision"));

        Result set = Cli.run(beacon.url(1), "config", "set", "live", "prod", "color", "蓝");
        long first = Long.parseLong(set.out().strip());
        await().until(() -> out.toString().contains("\"color\""));

        beacon.stop(0);  // the watch's connection breaks; it reconnects to the other server
        Cli.run(beacon.url(1), "config", "set", "live", "prod", "color", "red");
        Cli.run(beacon.url(1), "config", "delete", "live", "prod", "before");

        assertThat(watch.get(60, java.util.concurrent.TimeUnit.SECONDS)).isZero();
        List<String> lines = List.of(out.toString().split("\\R"));
        assertThat(lines).hasSize(3);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode c1 = mapper.readTree(lines.get(0));
        JsonNode c2 = mapper.readTree(lines.get(1));
        JsonNode c3 = mapper.readTree(lines.get(2));
        assertThat(c1.get("key").asText()).isEqualTo("color");
        assertThat(c1.get("op").asText()).isEqualTo("PUT");
        assertThat(c1.get("value").asText()).isEqualTo("蓝");
        assertThat(c1.get("modRevision").asLong()).isEqualTo(first);
        assertThat(c2.get("value").asText()).isEqualTo("red");
        assertThat(c2.get("modRevision").asLong()).isGreaterThan(first);
        assertThat(c3.get("op").asText()).isEqualTo("DELETE");
        assertThat(c3.get("key").asText()).isEqualTo("before");
        assertThat(c3.has("value")).isFalse();
    }

    @Test
    void plainWatchPrintsOneLinePerChange() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String server = beacon.url(1);
        CompletableFuture<Integer> watch = CompletableFuture.supplyAsync(() -> dev.beacon.cli.Main.execute(
                new String[] {"config", "watch", "plainw", "prod", "--count", "1"},
                Map.of("BEACON_SERVER", server, "BEACON_CONFIG", "/nonexistent"), new PrintWriter(out), new PrintWriter(err)), WATCHERS);
        await().until(() -> err.toString().contains("watching plainw/prod"));
        long rev = Long.parseLong(Cli.run(server, "config", "set", "plainw", "prod", "k", "v w").out().strip());
        assertThat(watch.get(60, java.util.concurrent.TimeUnit.SECONDS)).isZero();
        assertThat(out.toString().strip()).isEqualTo("PUT k=v w @" + rev);
    }
}
