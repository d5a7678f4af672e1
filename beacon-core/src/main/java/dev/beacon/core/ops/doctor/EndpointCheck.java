package dev.beacon.core.ops.doctor;

import io.etcd.jetcd.maintenance.StatusResponse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Each configured etcd endpoint, step by step as an operator would test it: DNS, TCP connect, TLS handshake and
 * certificate expiry (https only, see {@link TlsProbe}), the gRPC status call, its latency. A failed endpoint is
 * a WARN while other members answer (the cluster keeps quorum, but tolerates one failure less) and a FAIL when
 * nothing answers or no member of the cluster advertises that address (a wrong {@code --etcd}).
 */
final class EndpointCheck implements DoctorCheck {
    static final long SLOW_MS = 200;

    @Override
    public List<CheckResult> run(DoctorContext ctx) {
        List<CheckResult> out = new ArrayList<>();
        int answered = ctx.answered().size();
        int total = ctx.statuses().size();
        for (DoctorContext.EndpointStatus s : ctx.statuses().values()) {
            out.add(one(ctx, s, answered, total));
        }
        return out;
    }

    private CheckResult one(DoctorContext ctx, DoctorContext.EndpointStatus s, int answered, int total) {
        String endpoint = s.endpoint();
        String name = "etcd endpoint " + endpoint;
        String health = "etcdctl --endpoints=" + endpoint + " endpoint health";
        URI uri = URI.create(endpoint);
        int port = uri.getPort() > 0 ? uri.getPort() : 2379;
        String problem = null;
        String tls = "";
        try {
            InetAddress address = InetAddress.getAllByName(uri.getHost())[0];
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), (int) ctx.etcd().settings().connectTimeout().toMillis());
            }
            if ("https".equalsIgnoreCase(uri.getScheme())) {
                TlsProbe.Result t = TlsProbe.probe(uri.getHost(), port, (int) ctx.etcd().settings().connectTimeout().toMillis());
                if (t.daysLeft() < 0) {
                    return CheckResult.fail(name, "the TLS certificate of " + endpoint + " expired on " + t.notAfter(),
                            "renew the etcd member's certificate (" + t.subject() + ") and restart the member");
                }
                tls = ", TLS certificate valid until " + t.notAfter() + " (" + t.daysLeft() + " days)";
                if (t.daysLeft() < 30) {
                    return CheckResult.warn(name, "the TLS certificate of " + endpoint + " expires in " + t.daysLeft()
                            + " days (" + t.notAfter() + ")", "renew the etcd member's certificate (" + t.subject() + ") soon");
                }
            }
        } catch (UnknownHostException e) {
            problem = "DNS cannot resolve " + uri.getHost();
        } catch (IOException e) {
            problem = "TCP connect to " + uri.getHost() + ":" + port + " failed: " + e.getMessage();
        }
        if (problem == null && !s.answered()) {
            problem = "the gRPC status call failed: " + s.error();
        }
        if (problem != null) {
            boolean member = ctx.memberAt(endpoint) != null;
            if (answered > 0 && member) {
                return CheckResult.warn(name, "member " + ctx.describe(endpoint) + " does not answer: " + problem
                                + "; the cluster works on " + answered + " of " + total + " members",
                        "start or repair etcd member " + ctx.describe(endpoint) + " (its log, disk and host); check with: "
                                + health + ". Until it is back the cluster tolerates one failure less");
            }
            if (answered > 0) {
                return CheckResult.fail(name, endpoint + " is unreachable and no member of the cluster advertises it: "
                        + problem, "fix --etcd (BEACON_ETCD): list the members' client URLs (etcdctl member list)");
            }
            return CheckResult.fail(name, endpoint + " is unreachable: " + problem,
                    "check that etcd runs and listens there and that this host can reach it: " + health);
        }
        StatusResponse st = s.status();
        String detail = ctx.describe(endpoint) + ": etcd " + st.getVersion() + ", " + s.latencyMs() + " ms" + tls;
        if (!st.getErrorList().isEmpty()) {
            return CheckResult.fail(name, detail + "; member reports errors: " + String.join("; ", st.getErrorList()),
                    "read the member's log; " + health);
        }
        if (st.getLeader() == 0) {
            return CheckResult.fail(name, detail + "; the member has no leader", "the member is cut off from the others: "
                    + "check the peer network (port 2380) and etcdctl endpoint status --cluster");
        }
        if (s.latencyMs() > SLOW_MS) {
            return CheckResult.warn(name, detail + " (slow: above " + SLOW_MS + " ms)",
                    "check the network to the member and its disk (etcd_disk_wal_fsync_duration_seconds)");
        }
        return CheckResult.pass(name, detail);
    }
}
