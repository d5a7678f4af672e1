package dev.beacon.core.ops.doctor;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The live Beacon servers as registered in etcd, with their versions; this server must be among them. */
final class ServersCheck implements DoctorCheck {
    static final String NAME = "Beacon servers";

    @Override
    public List<CheckResult> run(DoctorContext ctx) {
        List<LiveServer> servers = LiveServer.list(ctx);
        String detail = servers.size() + " live: " + servers.stream()
                .map(s -> s.id() + " " + s.url() + " (" + s.version() + ")").collect(Collectors.joining(", "));
        if (servers.stream().noneMatch(s -> s.id().equals(ctx.selfId()))) {
            return List.of(CheckResult.warn(NAME, detail + "; this server (" + ctx.selfId() + ") is not registered",
                    "its lease was lost (etcd unreachable longer than --server-lease-ttl); it registers again once etcd "
                            + "answers. Until then other servers do its share of the health checks"));
        }
        Set<String> versions = servers.stream().map(LiveServer::version).collect(Collectors.toCollection(TreeSet::new));
        if (versions.size() > 1) {
            return List.of(CheckResult.warn(NAME, detail + "; versions differ: " + versions,
                    "finish the rolling upgrade so every server runs the same version"));
        }
        return List.of(CheckResult.pass(NAME, detail));
    }
}
