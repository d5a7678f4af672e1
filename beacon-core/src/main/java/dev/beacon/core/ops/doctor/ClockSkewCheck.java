package dev.beacon.core.ops.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.core.StoredJson;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The clock of every other live Beacon server against this one: asks its {@code /health} for its time and
 * compares with the midpoint of the round trip. Instance events, history and check times carry each server's
 * clock, so servers that disagree show events out of order.
 */
final class ClockSkewCheck implements DoctorCheck {
    static final String NAME = "clock skew between Beacon servers";
    static final long WARN_MS = 1000;

    @Override
    public List<CheckResult> run(DoctorContext ctx) {
        List<String> seen = new ArrayList<>();
        List<String> skewed = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        for (LiveServer s : LiveServer.list(ctx)) {
            if (s.id().equals(ctx.selfId()) || s.url().isEmpty()) {
                continue;
            }
            try {
                long t0 = System.currentTimeMillis();
                HttpResponse<String> answer = ctx.http().send(HttpRequest.newBuilder(URI.create(s.url() + "/health"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                long t1 = System.currentTimeMillis();
                JsonNode body = StoredJson.read(answer.body(), JsonNode.class);
                if (body == null || !body.has("time")) {
                    unreachable.add(s.id() + " (" + s.url() + " gave no time)");
                    continue;
                }
                long skew = body.get("time").asLong() - (t0 + t1) / 2;
                String one = s.id() + " " + (skew >= 0 ? "+" : "") + skew + " ms (±" + (t1 - t0) / 2 + ")";
                seen.add(one);
                if (Math.abs(skew) - (t1 - t0) / 2 > WARN_MS) {
                    skewed.add(one);
                }
            } catch (java.io.IOException | RuntimeException e) {
                unreachable.add(s.id() + " (" + s.url() + ": " + e.getMessage() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!skewed.isEmpty()) {
            return List.of(CheckResult.warn(NAME, "clocks differ by more than " + WARN_MS + " ms: " + String.join(", ", skewed),
                    "run NTP (chrony, systemd-timesyncd) on every Beacon host; check with chronyc tracking"));
        }
        if (!unreachable.isEmpty()) {
            return List.of(CheckResult.warn(NAME, "could not ask " + String.join(", ", unreachable),
                    "servers must reach each other on their advertised URL (--host, --port); check the network between them"));
        }
        return List.of(CheckResult.pass(NAME, seen.isEmpty() ? "this is the only live Beacon server"
                : "against this server: " + String.join(", ", seen)));
    }
}
