package dev.beacon.core.ops.doctor;

import java.time.Instant;
import java.util.List;

/**
 * The checklist's answer.
 *
 * @param status  the worst status of all checks
 * @param checks  every result, in the order the checks ran
 * @param ranAt   when the run started
 * @param tookMs  how long the run took
 */
public record DoctorReport(CheckStatus status, List<CheckResult> checks, Instant ranAt, long tookMs) {
}
