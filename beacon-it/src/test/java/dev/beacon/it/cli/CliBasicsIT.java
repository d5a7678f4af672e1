package dev.beacon.it.cli;

import dev.beacon.cli.Main;
import dev.beacon.it.cli.Cli.Result;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What every command shares: --help, the unreachable server's one line and exit 5, UTF-8 from the real jar, env and flags. */
class CliBasicsIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void everyCommandAnswersHelpWithItsUsage() {
        List<List<String>> paths = Main.commandPaths();
        assertThat(paths).hasSizeGreaterThan(25);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Result r = Cli.run(beacon.url(), args.toArray(String[]::new));
            assertThat(r.code()).as("beacon %s --help", path).isZero();
            assertThat(r.out()).as("beacon %s --help", path).startsWith("Usage: beacon" + (path.isEmpty() ? "" : " " + String.join(" ", path)));
        }
    }

    @Test
    void anUnreachableServerGivesOneLineWithAHintAndExitFive() throws Exception {
        String dead = "http://127.0.0.1:" + closedPort();
        for (String[] args : new String[][] {{"config", "get", "a", "b"}, {"kv", "ls", "/"}, {"services", "ls"}, {"lock", "x", "--", "true"}}) {
            List<String> all = new ArrayList<>(List.of("--timeout", "2s"));
            all.addAll(List.of(args));
            Result r = Cli.run(dead, all.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(5);
            assertThat(r.out()).isEmpty();
            assertThat(r.err().strip()).startsWith("beacon: ").contains("hint:").doesNotContain("\n").doesNotContain("\tat ");
        }
    }

    @Test
    void theJarPrintsUtf8WhateverThePlatformEncodingAndFailsWithExitFiveAsAProcess(@TempDir Path dir) throws Exception {
        Cli.run(beacon.url(), "config", "set", "enc", "prod", "greeting", "你好 München");
        List<String> latin1 = List.of("-Dfile.encoding=ISO-8859-1", "-Dsun.stdout.encoding=ISO-8859-1", "-Dstdout.encoding=ISO-8859-1");
        Process p = Cli.start(dir, "get", latin1, beacon.url(), "config", "get", "enc", "prod", "greeting");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("get.out"), StandardCharsets.UTF_8)).isEqualTo("你好 München\n");

        Process dead = Cli.start(dir, "dead", List.of(), "http://127.0.0.1:" + closedPort(), "--timeout", "2s", "kv", "get", "k");
        assertThat(dead.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dead.exitValue()).isEqualTo(5);
        List<String> err = Files.readAllLines(dir.resolve("dead.err"), StandardCharsets.UTF_8);
        assertThat(err).hasSize(1);
        assertThat(err.get(0)).startsWith("beacon: no Beacon server answered").contains("hint:");
        assertThat(Files.readString(dir.resolve("dead.out"))).isEmpty();
    }

    @Test
    void theServerComesFromTheFlagBeforeTheEnvironmentAndOptionsGoAnywhere() throws Exception {
        String dead = "http://127.0.0.1:" + closedPort();
        Cli.run(beacon.url(), "kv", "put", "/where", "flag");
        Map<String, String> env = Map.of("BEACON_SERVER", dead, "BEACON_CONFIG", "/nonexistent");
        assertThat(Cli.runEnv(env, "kv", "get", "/where", "--server", beacon.url()).out().strip()).isEqualTo("flag");
        assertThat(Cli.runEnv(env, "--server", beacon.url(), "-o", "json", "kv", "get", "/where").json().get("value").asText()).isEqualTo("flag");
        assertThat(Cli.runEnv(env, "--timeout", "1s", "kv", "get", "/where").code()).isEqualTo(5);
        // failover: a dead server first in the list, a live one second
        assertThat(Cli.run(dead + "," + beacon.url(), "kv", "get", "/where").out().strip()).isEqualTo("flag");
    }
}
