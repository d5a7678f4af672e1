package dev.beacon.core.ops.doctor;

import io.etcd.jetcd.maintenance.AlarmMember;
import io.etcd.jetcd.maintenance.AlarmType;

import java.util.List;

/** etcd's alarms: NOSPACE (the quota is full, writes are refused) and CORRUPT (a member's data differs). */
final class AlarmCheck implements DoctorCheck {
    static final String NAME = "etcd alarms";

    @Override
    public List<CheckResult> run(DoctorContext ctx) {
        List<AlarmMember> alarms;
        try {
            alarms = ctx.etcd().await("list alarms", () -> ctx.etcd().client().getMaintenanceClient().listAlarms()).getAlarms();
        } catch (RuntimeException e) {
            return List.of(CheckResult.warn(NAME, "could not list etcd's alarms: " + e.getMessage(),
                    "etcdctl alarm list, once etcd answers"));
        }
        if (alarms.isEmpty()) {
            return List.of(CheckResult.pass(NAME, "no alarm raised"));
        }
        StringBuilder detail = new StringBuilder();
        boolean corrupt = false;
        for (AlarmMember a : alarms) {
            detail.append(detail.length() == 0 ? "" : ", ").append(a.getAlarmType() == AlarmType.NOSPACE ? "NOSPACE" : "CORRUPT").append(" on ").append(ctx.memberName(a.getMemberId()));
            // jetcd 0.8.7 knows NOSPACE only; etcd's CORRUPT arrives as UNRECOGNIZED
            corrupt |= a.getAlarmType() != AlarmType.NOSPACE;
        }
        if (corrupt) {
            return List.of(CheckResult.fail(NAME, "alarm raised: " + detail,
                    "a member's data is corrupt: remove it (etcdctl member remove), wipe its data dir, add it back; "
                            + "or restore the cluster from a snapshot (docs/operations.md)"));
        }
        return List.of(CheckResult.fail(NAME, "alarm raised: " + detail + " — etcd refuses every write",
                "free space: etcdctl compact <current revision>; etcdctl defrag --cluster; then etcdctl alarm disarm. "
                        + "Raise --quota-backend-bytes if the data really grew"));
    }
}
