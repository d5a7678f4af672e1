package dev.beacon.server.ops;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;

/** {@code GET /metrics}: Prometheus text; and the pipeline's hook that counts every request once. */
public final class MetricsHandlers {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private final Metrics metrics;

    public MetricsHandlers(Metrics metrics) {
        this.metrics = metrics;
    }

    public void scrape(Context ctx) {
        ctx.contentType(CONTENT_TYPE).result(metrics.scrape());
    }

    /** Called once per finished request by the access-log step: by route template, method and status. */
    public void record(Context ctx, float millis) {
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        String route = matched == null ? (ctx.status().getCode() == 404 ? "NO_ROUTE" : "STATIC") : matched.path;
        metrics.httpRequest(route, ctx.method().name(), ctx.status().getCode(), (long) (millis * 1_000_000));
    }
}
