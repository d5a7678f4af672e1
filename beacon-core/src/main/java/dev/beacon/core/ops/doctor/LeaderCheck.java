package dev.beacon.core.ops.doctor;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A leader is present, every answering member agrees on it, and it has not changed often recently. */
final class LeaderCheck implements DoctorCheck {
    static final String NAME = "etcd leader";
    static final int UNSTABLE_CHANGES = 3;

    @Override
    public List<CheckResult> run(DoctorContext ctx) {
        List<DoctorContext.EndpointStatus> answered = ctx.answered();
        if (answered.isEmpty()) {
            return List.of(CheckResult.fail(NAME, "no etcd member answered, so no leader is known",
                    "start etcd or fix the network first (see the endpoint checks)"));
        }
        Set<Long> leaders = answered.stream().map(s -> s.status().getLeader()).collect(Collectors.toSet());
        if (leaders.contains(0L)) {
            return List.of(CheckResult.fail(NAME, "a member answers without a leader: the cluster has lost quorum",
                    "bring back enough members for a majority (2 of 3, 3 of 5); etcdctl endpoint status --cluster -w table"));
        }
        if (leaders.size() > 1) {
            return List.of(CheckResult.warn(NAME, "members name different leaders: " + leaders.stream()
                            .map(ctx::memberName).sorted().toList() + " (an election is under way or the network is split)",
                    "run the doctor again in a few seconds; if it persists check the peer network between members"));
        }
        long leader = leaders.iterator().next();
        long term = answered.stream().mapToLong(s -> s.status().getRaftTerm()).max().orElse(0);
        int changes = ctx.etcd().monitor().leaderChangesSince(Instant.now().minus(DoctorContext.RECENT));
        String detail = "leader " + ctx.memberName(leader) + ", raft term " + term + ", " + changes
                + " leader change(s) in the last " + DoctorContext.RECENT.toMinutes() + " min";
        if (changes >= UNSTABLE_CHANGES) {
            return List.of(CheckResult.warn(NAME, detail + ": the leader is unstable",
                    "frequent elections come from slow disks (fsync), an overloaded host or a lossy network between members; "
                            + "check etcd_server_leader_changes_seen_total and etcd_disk_wal_fsync_duration_seconds"));
        }
        return List.of(CheckResult.pass(NAME, detail));
    }
}
