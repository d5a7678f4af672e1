package dev.beacon.it.kv;

import dev.beacon.testkit.EtcdExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real etcdctl against the test etcd, as an operator would. */
public final class Etcdctl {
    private Etcdctl() {
    }

    public static String run(EtcdExtension etcd, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("etcdctl", "--endpoints=" + String.join(",", etcd.endpoints())));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "3");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("etcdctl " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }
}
