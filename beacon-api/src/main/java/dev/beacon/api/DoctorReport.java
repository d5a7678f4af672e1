package dev.beacon.api;

import java.util.List;

/**
 * {@code GET /api/v1/doctor}: the troubleshooting checklist as run now. {@code status} is the worst check's.
 *
 * @param status PASS, WARN or FAIL
 * @param ranAt  when it ran (ISO-8601)
 * @param tookMs how long the run took
 * @param checks each check: name, status, detail, hint (null on PASS)
 */
public record DoctorReport(String status, String ranAt, long tookMs, List<Check> checks) {
    public record Check(String name, String status, String detail, String hint) {
    }
}
