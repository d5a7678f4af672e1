package dev.beacon.core.ops.doctor;

import java.util.List;

/** How far apart the answering members' raft indexes are: a member far behind is slow or cut off. */
final class RaftIndexCheck implements DoctorCheck {
    static final String NAME = "etcd raft index spread";
    static final long MAX_SPREAD = 1000;

    @Override
    public List<CheckResult> run(DoctorContext ctx) {
        List<DoctorContext.EndpointStatus> answered = ctx.answered();
        if (answered.isEmpty()) {
            return List.of(CheckResult.warn(NAME, "no etcd member answered", "see the endpoint checks"));
        }
        DoctorContext.EndpointStatus low = answered.get(0);
        DoctorContext.EndpointStatus high = answered.get(0);
        for (DoctorContext.EndpointStatus s : answered) {
            low = s.status().getRaftIndex() < low.status().getRaftIndex() ? s : low;
            high = s.status().getRaftIndex() > high.status().getRaftIndex() ? s : high;
        }
        long spread = high.status().getRaftIndex() - low.status().getRaftIndex();
        String detail = answered.size() == 1 ? "one member answered, raft index " + high.status().getRaftIndex()
                : "raft index " + low.status().getRaftIndex() + " (" + ctx.describe(low.endpoint()) + ") to "
                + high.status().getRaftIndex() + " (" + ctx.describe(high.endpoint()) + "), spread " + spread;
        if (spread > MAX_SPREAD) {
            return List.of(CheckResult.warn(NAME, detail + ": " + ctx.describe(low.endpoint()) + " lags behind",
                    "check that member's disk and network; etcdctl endpoint status --cluster -w table"));
        }
        return List.of(CheckResult.pass(NAME, detail));
    }
}
