package dev.beacon.it.ops;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code /metrics} is Prometheus text with Beacon's series, and they move as requests are made. */
class MetricsIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    /** A sample line of the text format: name, optional labels, a value (and optional timestamp). */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*})? (-?[0-9.eE+-]+|NaN|[+-]Inf)( -?[0-9]+)?");
    private static final Pattern META = Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*");

    @Test
    void seriesParseAndMoveWithRequests() {
        TestHttp http = beacon.http();
        Map<String, Double> before = scrape(http);
        assertThat(before.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes{"));
        assertThat(before).containsKeys("process_uptime_seconds", "process_files_open_files", "beacon_etcd_reachable", "beacon_long_polls_held", "beacon_sse_streams");

        String item = "/api/v1/config/shop/prod/db.url";
        for (int i = 0; i < 3; i++) {
            assertThat(http.put(item, json(Map.of("value", "jdbc:" + i))).status()).isEqualTo(200);
        }
        assertThat(http.put("/api/v1/services/pay/instances/p1", json(Map.of("address", "10.0.0.1", "port", 80))).status()).isEqualTo(200);
        assertThat(http.put("/api/v1/services/pay/instances/p1/heartbeat", "").status()).isEqualTo(200);
        assertThat(http.post("/api/v1/locks/job", json(Map.of("ttl", 5))).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Double> after = scrape(http);
            String putRoute = "beacon_http_requests_seconds_count{method=\"PUT\",route=\"/api/v1/config/{app}/{profile}/<key>\",status=\"200\"}";
            assertThat(after.get(putRoute)).isEqualTo(before.getOrDefault(putRoute, 0.0) + 3);
            assertThat(after).containsKey("beacon_http_requests_seconds_bucket{method=\"PUT\",route=\"/api/v1/config/{app}/{profile}/<key>\",status=\"200\",le=\"0.1\"}");
            assertThat(sum(after, "beacon_config_publishes_total{op=\"put\"}")).isGreaterThanOrEqualTo(3);
            assertThat(sum(after, "beacon_etcd_calls_seconds_count{operation=\"write\",outcome=\"ok\"}"))
                    .isGreaterThan(sum(before, "beacon_etcd_calls_seconds_count{operation=\"write\",outcome=\"ok\"}"));
            assertThat(after.get("beacon_instances{service=\"pay\",status=\"UP\"}")).isEqualTo(1.0);
            assertThat(after.get("beacon_heartbeats_total{outcome=\"ok\"}")).isEqualTo(1.0);
            assertThat(after.get("beacon_lock_waits_seconds_count{outcome=\"acquired\"}")).isEqualTo(1.0);
            assertThat(after).containsKey("beacon_mirror_revision_lag{prefix=\"/beacon/\"}");
            assertThat(after).containsKey("beacon_mirror_watch_reconnects_total{prefix=\"/beacon/\"}");
            assertThat(after).containsKey("beacon_subscribers{prefix=\"/beacon/\"}");
            assertThat(after.get("beacon_etcd_revision")).isGreaterThan(before.get("beacon_etcd_revision"));
        });
    }

    @Test
    void everyBeaconSeriesTheGrafanaDashboardQueriesExists() throws java.io.IOException {
        TestHttp http = beacon.http();
        http.put("/api/v1/services/dash/instances/d1", json(Map.of("address", "10.0.0.2", "port", 80)));
        http.put("/api/v1/services/dash/instances/d1/heartbeat", "");
        http.post("/api/v1/locks/dash", json(Map.of("ttl", 5)));
        http.put("/api/v1/config/dash/prod/k", json(Map.of("value", "v")));
        String dashboard = java.nio.file.Files.readString(java.nio.file.Path.of("..", "deploy", "grafana", "beacon-dashboard.json"));
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dashboard);
        assertThat(json.get("panels").size()).isGreaterThan(10);
        java.util.Set<String> names = new java.util.TreeSet<>();
        Matcher m = Pattern.compile("\\b(beacon_[a-z_]+)").matcher(dashboard);
        while (m.find()) {
            names.add(m.group(1));
        }
        Map<String, Double> samples = scrape(http);
        for (String name : names) {
            assertThat(samples.keySet()).as("a series named %s", name).anyMatch(k -> k.equals(name) || k.startsWith(name + "{"));
        }
        assertThat(names).hasSizeGreaterThan(12);
    }

    private static double sum(Map<String, Double> samples, String key) {
        return samples.getOrDefault(key, 0.0);
    }

    /** Every line must be a comment or a sample; returns the samples by series (name and labels as written). */
    static Map<String, Double> scrape(TestHttp http) {
        TestHttp.Answer answer = http.get("/metrics");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("text/plain").contains("version=0.0.4").contains("charset=utf-8");
        Map<String, Double> samples = new HashMap<>();
        for (String line : answer.text().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                assertThat(line).matches(META);
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("a Prometheus sample line: %s", line).isTrue();
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3).replace("+Inf", "Infinity").replace("-Inf", "-Infinity")));
        }
        return samples;
    }
}
