package dev.beacon.it.examples;

import dev.beacon.api.ConfigClient;
import dev.beacon.api.Instance;
import dev.beacon.client.BeaconClient;
import dev.beacon.client.Campaign;
import dev.beacon.client.ConfigView;
import dev.beacon.client.HeldLock;
import dev.beacon.client.InstanceSpec;
import dev.beacon.client.ServiceRegistration;
import dev.beacon.client.ServiceView;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The examples of docs/sdk.md, as written there (each section's code is the body of one method). Run by SdkExamplesIT. */
final class SdkExamples {
    private SdkExamples() {
    }

    /** docs/sdk.md "Config". Answers what the listener heard. */
    static List<String> config(String server1, String server2, Path cacheDir) throws Exception {
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch changed = new java.util.concurrent.CountDownLatch(1);
        try (BeaconClient beacon = BeaconClient.builder()
                .servers(server1, server2)                 // failover between them
                .cacheDir(cacheDir)                        // failover files: {cacheDir}/config/{app}/{profile}.json
                .build()) {
            ConfigView cfg = beacon.config("orders", "prod");  // loads now (or from the failover file), then stays fresh
            String url = cfg.get("db.url");
            int poolSize = cfg.getInt("pool.size", 10);
            Duration timeout = cfg.getDuration("http.timeout", Duration.ofSeconds(2));
            boolean beta = cfg.getBoolean("feature.beta", false);
            List<String> regions = cfg.getList("regions", List.of("eu"));
            cfg.onChange(change -> {                       // once per change, in revision order, on a listener thread
                heard.add(change.key() + "=" + change.newValue() + "@" + change.revision());
                changed.countDown();
            });

            System.out.printf("%s %d %s %b %s, revision %d, %s%n", url, poolSize, timeout, beta, regions, cfg.revision(), cfg.state());
            beacon.configs().set("orders", "prod", "pool.size", "20");  // a write through the SDK
            changed.await(10, java.util.concurrent.TimeUnit.SECONDS);  // (the example waits for its own change)
        }
        return heard;
    }

    /** docs/sdk.md "Registration and discovery". Answers the instance picked. */
    static String registry(String server) throws Exception {
        try (BeaconClient beacon = BeaconClient.builder().servers(server).build()) {
            ServiceRegistration reg = beacon.registry().register(InstanceSpec.of("payments", "10.0.0.5", 8080)
                    .ttl(Duration.ofSeconds(10)).tags("v2").metadata("zone", "eu-1"));
            reg.onStateChange((state, reason) -> System.out.println("payments is " + state + ": " + reason));

            List<Instance> live = beacon.registry().discover("payments");     // UP instances, from the cache
            ServiceView payments = beacon.registry().service("payments");
            Optional<Instance> next = payments.pickRoundRobin();
            System.out.println(live.size() + " live; stale=" + payments.stale() + ", age " + payments.age());
            return next.map(i -> i.address() + ":" + i.port()).orElse("none");
        }                                                                       // close() deregisters
    }

    /** docs/sdk.md "Locks and elections". Answers the fencing token. */
    static long coordination(String server) {
        try (BeaconClient beacon = BeaconClient.builder().servers(server).build()) {
            long token;
            try (HeldLock lock = beacon.locks().acquire("nightly-report", Duration.ofSeconds(30))) {
                token = lock.token();          // pass it to the resource you protect
                lock.onLost(reason -> System.out.println("stop: " + reason));
            }                                  // released
            try (Campaign campaign = beacon.elections().campaign("scheduler", "node-a", Duration.ofSeconds(10),
                    (leader, leadership) -> System.out.println(leader ? "leading with " + leadership : "not leading"))) {
                System.out.println("leader now: " + beacon.elections().leader("scheduler").leader());
            }                                  // resigned
            return token;
        }
    }

    /** docs/sdk.md "Delivery tracking". Answers the clients' lines. */
    static List<String> delivery(String server) {
        try (BeaconClient beacon = BeaconClient.builder().servers(server).build()) {
            List<String> lines = new ArrayList<>();
            for (ConfigClient c : beacon.configs().clients("orders", "prod").clients()) {
                lines.add(c.instanceId() + " on " + c.host() + " applied " + c.revision() + (c.current() ? " (current)" : " (behind)"));
            }
            return lines;
        }
    }
}
