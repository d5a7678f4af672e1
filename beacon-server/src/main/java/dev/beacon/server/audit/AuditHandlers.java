package dev.beacon.server.audit;

import dev.beacon.core.audit.AuditQuery;
import dev.beacon.core.audit.AuditTrail;
import dev.beacon.server.http.Answers;
import io.javalin.http.Context;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code GET /api/v1/audit?target=&actor=&action=&since=&cursor=&limit=}: a page of the audit trail, newest first,
 * with the cursor of the next (older) page. Admin-only once auth is on (the auth step guards the route).
 */
public final class AuditHandlers {
    private final AuditTrail trail;

    public AuditHandlers(AuditTrail trail) {
        this.trail = trail;
    }

    public void list(Context ctx) {
        AuditQuery q = AuditQuery.of(ctx.queryParam("target"), ctx.queryParam("actor"), ctx.queryParam("action"),
                ctx.queryParam("since"), ctx.queryParam("cursor"), ctx.queryParam("limit"));
        Answers.read(ctx, trail.page(q));
    }

    /** {@code beacon_audit_records_total{result="written|failed"}} and {@code beacon_audit_pruned_total}. */
    public static void bindMeters(MeterRegistry registry, AuditTrail trail) {
        FunctionCounter.builder("beacon.audit.records", trail, AuditTrail::written).tag("result", "written")
                .description("Audit records written (failed: a write whose record could not be written; see the log)").register(registry);
        FunctionCounter.builder("beacon.audit.records", trail, AuditTrail::failed).tag("result", "failed").register(registry);
        FunctionCounter.builder("beacon.audit.pruned", trail, AuditTrail::pruned)
                .description("Audit records this server deleted as older than --audit-retention").register(registry);
    }
}
