package dev.beacon.core.ops.doctor;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The database size of the biggest member against etcd's backend quota. The quota is read from the member's
 * {@code /metrics} ({@code etcd_server_quota_backend_bytes}, plain http endpoints); otherwise etcd's default
 * of 2 GiB is assumed and said so.
 */
final class DbQuotaCheck implements DoctorCheck {
    static final String NAME = "etcd database size";
    static final long DEFAULT_QUOTA = 2L * 1024 * 1024 * 1024;
    static final double WARN_AT = 0.80;
    static final double FAIL_AT = 0.95;

    @Override
    public List<CheckResult> run(DoctorContext ctx) {
        DoctorContext.EndpointStatus biggest = ctx.answered().stream()
                .max((a, b) -> Long.compare(a.status().getDbSize(), b.status().getDbSize())).orElse(null);
        if (biggest == null) {
            return List.of(CheckResult.warn(NAME, "no etcd member answered", "see the endpoint checks"));
        }
        long size = biggest.status().getDbSize();
        long inUse = biggest.status().getDbSizeInUse();
        long quota = quota(ctx, biggest.endpoint());
        double used = (double) size / (quota > 0 ? quota : DEFAULT_QUOTA);
        String detail = String.format("%s: %s of %s quota (%.0f%%); %s in use", ctx.describe(biggest.endpoint()), mib(size),
                quota > 0 ? mib(quota) : mib(DEFAULT_QUOTA) + " (default, assumed)", used * 100, mib(inUse));
        String hint = "compact and defragment: etcdctl compact <revision>; etcdctl defrag --cluster; "
                + "or raise --quota-backend-bytes on every member";
        if (used >= FAIL_AT) {
            return List.of(CheckResult.fail(NAME, detail + " — etcd raises NOSPACE and refuses writes at 100%", hint));
        }
        if (used >= WARN_AT) {
            return List.of(CheckResult.warn(NAME, detail, hint));
        }
        return List.of(CheckResult.pass(NAME, detail));
    }

    private static long quota(DoctorContext ctx, String endpoint) {
        if (!endpoint.startsWith("http://")) {
            return 0;
        }
        try {
            HttpResponse<String> answer = ctx.http().send(HttpRequest.newBuilder(URI.create(endpoint + "/metrics"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            for (String line : answer.body().split("\n")) {
                if (line.startsWith("etcd_server_quota_backend_bytes ")) {
                    return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1024.0 / 1024.0);
    }
}
