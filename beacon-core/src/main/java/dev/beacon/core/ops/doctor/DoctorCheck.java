package dev.beacon.core.ops.doctor;

import java.util.List;

/**
 * One item of the checklist. Runs on the caller's thread and may block, but only for a bounded time
 * (every etcd call has the request deadline, every socket a connect timeout). Returns one result, or one per
 * thing it looked at (e.g. per endpoint). A check that throws is reported as FAIL by {@link Doctor}.
 */
public interface DoctorCheck {
    List<CheckResult> run(DoctorContext context);
}
