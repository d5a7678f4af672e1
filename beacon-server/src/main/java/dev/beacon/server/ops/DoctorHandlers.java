package dev.beacon.server.ops;

import dev.beacon.core.ops.doctor.CheckResult;
import dev.beacon.core.ops.doctor.Doctor;
import dev.beacon.core.ops.doctor.DoctorReport;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/doctor}: runs the checklist now and answers every check (200 whatever the verdict: the
 * doctor answered; the verdict is in {@code status}). Blocks the request for at most a few request timeouts.
 */
public final class DoctorHandlers {
    private final Doctor doctor;

    public DoctorHandlers(Doctor doctor) {
        this.doctor = doctor;
    }

    public void doctor(Context ctx) {
        DoctorReport report = doctor.run();
        List<Map<String, Object>> checks = report.checks().stream().map(DoctorHandlers::check).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.status().name());
        body.put("ranAt", report.ranAt().toString());
        body.put("tookMs", report.tookMs());
        body.put("checks", checks);
        ctx.json(body);
    }

    private static Map<String, Object> check(CheckResult r) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("name", r.name());
        one.put("status", r.status().name());
        one.put("detail", r.detail());
        one.put("hint", r.hint());
        return one;
    }
}
