package dev.beacon.core.ops.doctor;

import dev.beacon.core.etcd.EtcdCalls;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** etcd calls slower than the threshold ({@code --slow-etcd-threshold}) recently, with the slowest ones. */
final class SlowEtcdCallsCheck implements DoctorCheck {
    static final String NAME = "slow etcd requests";
    static final int SHOWN = 5;

    @Override
    public List<CheckResult> run(DoctorContext ctx) {
        EtcdCalls calls = ctx.etcd().calls();
        List<EtcdCalls.SlowCall> slow = calls.slowSince(Instant.now().minus(DoctorContext.RECENT));
        String window = "in the last " + DoctorContext.RECENT.toMinutes() + " min (threshold " + calls.slowThreshold().toMillis() + " ms)";
        if (slow.isEmpty()) {
            return List.of(CheckResult.pass(NAME, "no etcd call took longer " + window));
        }
        String slowest = slow.stream().limit(SHOWN)
                .map(c -> c.what() + " " + c.millis() + " ms" + ("ok".equals(c.outcome()) ? "" : " (" + c.outcome() + ")"))
                .collect(Collectors.joining("; "));
        return List.of(CheckResult.warn(NAME, slow.size() + " slow etcd call(s) " + window + "; slowest: " + slowest,
                "check etcd's disk (etcd_disk_wal_fsync_duration_seconds, backend commit), its CPU, the network to it and the "
                        + "database size; calls that end in ETCD_UNAVAILABLE point at an unreachable member"));
    }
}
