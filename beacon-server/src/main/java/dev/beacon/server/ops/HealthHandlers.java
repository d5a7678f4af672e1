package dev.beacon.server.ops;

import dev.beacon.server.http.Answers;
import dev.beacon.core.etcd.EtcdHealth;
import dev.beacon.core.etcd.EtcdMonitor;
import dev.beacon.core.watch.Mirrors;
import dev.beacon.core.watch.PrefixMirror;
import dev.beacon.server.http.Params;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /health}: 200 while the process serves (with the version and the server's clock, epoch ms). {@code /ready}: 200 only when etcd is reachable and
 * every mirror is loaded and live; otherwise 503 with the reason. Both answer from the monitor's
 * last round and the mirrors' state, so a probe never waits on etcd.
 */
public final class HealthHandlers {
    private final EtcdMonitor monitor;
    private final Mirrors mirrors;
    private final Drain drain;
    private final boolean authOn;
    private final boolean insecure;

    public HealthHandlers(EtcdMonitor monitor, Mirrors mirrors, Drain drain) {
        this(monitor, mirrors, drain, false, false);
    }

    /** @param insecure auth is off although the server listens beyond loopback (--insecure): /ready says so */
    public HealthHandlers(EtcdMonitor monitor, Mirrors mirrors, Drain drain, boolean authOn, boolean insecure) {
        this.monitor = monitor;
        this.mirrors = mirrors;
        this.drain = drain;
        this.authOn = authOn;
        this.insecure = insecure;
    }

    public void health(Context ctx) {
        // version and time let the doctor of another server compare versions and clocks
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "UP");
        body.put("version", dev.beacon.core.ops.BeaconVersion.VERSION);
        body.put("time", System.currentTimeMillis());
        ctx.json(body);
    }

    public void ready(Context ctx) {
        EtcdHealth etcd = monitor.health();
        List<String> problems = new ArrayList<>();
        if (drain.draining()) {
            problems.add("shutting down: finishing the requests in flight");
        }
        if (!etcd.reachable()) {
            problems.add("etcd unreachable: " + etcd.problem());
        }
        List<Map<String, Object>> mirrorList = new ArrayList<>();
        long minRevision = Long.MAX_VALUE;
        long maxLag = 0;
        for (var feed : mirrors.feeds()) {
            PrefixMirror m = feed.mirror();
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("prefix", m.prefix());
            one.put("state", m.state().name());
            one.put("revision", m.revision());
            one.put("lagMs", m.lagMillis());
            one.put("keys", m.size());
            one.put("subscribers", feed.size());
            one.put("reloads", m.reloads());
            mirrorList.add(one);
            minRevision = Math.min(minRevision, m.revision());
            maxLag = Math.max(maxLag, m.lagMillis());
            if (m.state() != PrefixMirror.State.LIVE) {
                problems.add("mirror " + m.prefix() + " is " + m.state());
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", problems.isEmpty() ? "UP" : "DOWN");
        if (!problems.isEmpty()) {
            body.put("reason", String.join("; ", problems));
        }
        Map<String, Object> etcdPart = new LinkedHashMap<>();
        etcdPart.put("endpoints", etcd.endpoints());
        etcdPart.put("leader", etcd.leader());
        etcdPart.put("revision", etcd.revision());
        etcdPart.put("latencyMs", etcd.latencyMs());
        etcdPart.put("checkedAt", etcd.checkedAt().toString());
        body.put("etcd", etcdPart);
        body.put("mirror", Map.of("revision", minRevision == Long.MAX_VALUE ? etcd.revision() : minRevision, "lagMs", maxLag));
        body.put("mirrors", mirrorList);
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("enabled", authOn);
        if (insecure) {
            auth.put("insecure", true);
            auth.put("warning", "auth is off and the server listens beyond loopback (--insecure): anyone who can reach it "
                    + "can read and change everything");
        }
        body.put("auth", auth);
        Answers.revision(ctx, etcd.revision());
        ctx.status(problems.isEmpty() ? 200 : 503).json(body);
    }
}
