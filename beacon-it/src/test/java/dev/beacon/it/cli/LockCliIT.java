package dev.beacon.it.cli;

import dev.beacon.client.BeaconClient;
import dev.beacon.client.HeldLock;
import dev.beacon.it.cli.Cli.Result;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code beacon lock NAME -- COMMAND} and {@code beacon elect NAME --candidate C -- COMMAND}: two real CLI processes
 * (the fat jar) exclude each other, the fencing token reaches the command, the command's exit code comes back.
 */
class LockCliIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    @Test
    void twoConcurrentLockProcessesRunTheirCommandsOneAfterTheOtherWithGrowingTokens(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log");
        Path go = dir.resolve("go");
        // each command logs its start, waits for the test's go, logs its end: overlapping runs would interleave
        String script = "echo \"start $BEACON_LOCK_TOKEN\" >> " + log + "; while [ ! -f " + go + " ]; do sleep 0.05; done; "
                + "echo \"end $BEACON_LOCK_TOKEN\" >> " + log + "; exit 0";
        Process a = Cli.start(dir, "a", List.of(), beacon.url(), "lock", "job", "--ttl", "10s", "--", "sh", "-c", script);
        Process b = Cli.start(dir, "b", List.of(), beacon.url(), "lock", "job", "--ttl", "10s", "--", "sh", "-c", script);
        try {
            // both contend: one holds the lock and runs, the other's key waits in the lock's queue in etcd
            await().atMost(Duration.ofSeconds(60)).until(() -> etcd.probe().count("/beacon/locks/job/") == 2 && Files.exists(log));
            assertThat(Files.readAllLines(log)).hasSize(1);
            Files.writeString(go, "go");
            assertThat(a.waitFor(60, TimeUnit.SECONDS) && b.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(a.exitValue()).as(Files.readString(dir.resolve("a.err"))).isZero();
            assertThat(b.exitValue()).as(Files.readString(dir.resolve("b.err"))).isZero();
        } finally {
            a.destroyForcibly();
            b.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(4);
        long first = Long.parseLong(lines.get(0).substring("start ".length()));
        long second = Long.parseLong(lines.get(2).substring("start ".length()));
        assertThat(lines).containsExactly("start " + first, "end " + first, "start " + second, "end " + second);
        assertThat(second).isGreaterThan(first);
        assertThat(etcd.probe().count("/beacon/locks/job/")).isZero();
    }

    @Test
    void theCommandsExitCodeComesBackAndTheLockIsReleased(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("token");
        Result r = Cli.run(beacon.url(), "lock", "exit7", "--", "sh", "-c", "echo $BEACON_LOCK_TOKEN $BEACON_LOCK_NAME > " + token + "; exit 7");
        assertThat(r.code()).isEqualTo(7);
        assertThat(r.err()).isEmpty();
        String[] written = Files.readString(token).strip().split(" ");
        assertThat(Long.parseLong(written[0])).isPositive();
        assertThat(written[1]).isEqualTo("exit7");
        assertThat(etcd.probe().count("/beacon/locks/exit7/")).isZero();
        try (BeaconClient c = BeaconClient.builder().servers(beacon.url()).build()) {
            HeldLock next = c.locks().tryAcquire("exit7", Duration.ofSeconds(5)).orElseThrow();
            assertThat(next.token()).isGreaterThan(Long.parseLong(written[0]));
        }
        assertThat(Cli.run(beacon.url(), "lock", "ok", "--", "true").code()).isZero();
    }

    @Test
    void aLockHeldByAnotherExitsFourAfterWaitWithoutRunningTheCommand(@TempDir Path dir) {
        Path ran = dir.resolve("ran");
        try (BeaconClient c = BeaconClient.builder().servers(beacon.url()).build();
             HeldLock held = c.locks().acquire("busy", Duration.ofSeconds(30))) {
            assertThat(held.isHeld()).isTrue();
            Result once = Cli.run(beacon.url(), "lock", "busy", "--wait", "0", "--", "touch", ran.toString());
            assertThat(once.code()).isEqualTo(4);
            assertThat(once.err().strip()).startsWith("beacon: lock busy is held by another").contains("hint:").doesNotContain("\n");
            Result waited = Cli.run(beacon.url(), "lock", "busy", "--wait", "1s", "--", "touch", ran.toString());
            assertThat(waited.code()).isEqualTo(4);
        }
        assertThat(Files.exists(ran)).isFalse();
        Result missing = Cli.run(beacon.url(), "lock", "nocmd", "--", "/no/such/command");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("cannot run /no/such/command");
        assertThat(etcd.probe().count("/beacon/locks/nocmd/")).isZero();
    }

    @Test
    void electRunsTheCommandWhileLeadingAndPassesItsExitCode(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("leader");
        Result r = Cli.run(beacon.url(), "elect", "reports", "--candidate", "node-a", "--",
                "sh", "-c", "echo $BEACON_CANDIDATE $BEACON_LEADER_TOKEN > " + out + "; exit 3");
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        String[] written = Files.readString(out).strip().split(" ");
        assertThat(written[0]).isEqualTo("node-a");
        assertThat(Long.parseLong(written[1])).isPositive();

        try (BeaconClient c = BeaconClient.builder().servers(beacon.url()).build();
             var other = c.elections().campaign("reports", "node-b", Duration.ofSeconds(10), (leader, token) -> { })) {
            assertThat(other.awaitLeadership(Duration.ofSeconds(30))).isTrue();
            Result waited = Cli.run(beacon.url(), "elect", "reports", "--candidate", "node-c", "--wait", "1s", "--", "true");
            assertThat(waited.code()).isEqualTo(4);
            assertThat(waited.err()).contains("node-c did not become leader of reports");
        }
    }

    @Test
    void stoppingTheCliStopsTheCommandAndReleasesTheLock(@TempDir Path dir) throws Exception {
        Path pid = dir.resolve("pid");
        Process cli = Cli.start(dir, "term", List.of(), beacon.url(), "lock", "term", "--ttl", "60s", "--",
                "sh", "-c", "echo $$ > " + pid + "; while true; do sleep 0.1; done");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(pid) && !Files.readString(pid).isBlank());
            long child = Long.parseLong(Files.readString(pid).strip());
            assertThat(etcd.probe().count("/beacon/locks/term/")).isEqualTo(1);
            cli.destroy();  // SIGTERM, as from kill or a service manager
            assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
            // released at once by the shutdown hook, long before the 60 s ttl would free it
            await().until(() -> etcd.probe().count("/beacon/locks/term/") == 0);
            await().until(() -> ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE);
        } finally {
            cli.destroyForcibly();
        }
    }

    @Test
    void aLockLostWhileTheCommandRunsStopsTheCommandAndExitsOne(@TempDir Path dir) throws Exception {
        Path started = dir.resolve("started");
        java.util.concurrent.CompletableFuture<Result> run = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                Cli.run(beacon.url(), "lock", "lost", "--ttl", "3s", "--", "sh", "-c", "touch " + started + "; while true; do sleep 0.1; done"),
                java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "lock-cli");
                    t.setDaemon(true);
                    return t;
                }));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(started));
        List<String> keys = etcd.probe().keys("/beacon/locks/lost/");
        assertThat(keys).hasSize(1);
        etcd.probe().delete(keys.get(0));  // as if an operator or a lease expiry took it away
        Result r = run.get(60, TimeUnit.SECONDS);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("beacon: lock lost was lost while the command ran").contains("the command was stopped")
                .doesNotContain("\n");
    }
}
