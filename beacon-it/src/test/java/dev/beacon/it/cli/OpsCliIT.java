package dev.beacon.it.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beacon.it.cli.Cli.Result;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code beacon doctor} (the checklist in each format; exit 0 unless a check FAILs) and {@code beacon backup snapshot}. */
class OpsCliIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    @Test
    void theDoctorPrintsEveryCheckInEachFormat() throws Exception {
        Result plain = Cli.run(beacon.url(), "doctor");
        assertThat(plain.out()).contains("etcd leader").contains("PASS");
        assertThat(plain.code()).as(plain.err()).isIn(0, 1).isEqualTo(plain.out().strip().endsWith("FAIL") ? 1 : 0);

        Result table = Cli.run(beacon.url(), "-o", "table", "doctor");
        assertThat(table.out()).contains("CHECK").contains("STATUS").contains("etcd leader");

        Result json = Cli.run(beacon.url(), "-o", "json", "doctor");
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.get("status").asText()).isIn("PASS", "WARN", "FAIL");
        assertThat(report.get("checks")).isNotEmpty();
        assertThat(report.get("checks").get(0).has("name")).isTrue();
        assertThat(report.get("checks").get(0).has("detail")).isTrue();
    }

    @Test
    void aSnapshotIsSavedAtomicallyAndEtcdctlReadsIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        beacon.http().post("/set", dev.beacon.testkit.TestHttp.json(java.util.Map.of("key", "backup/k", "value", "v")));
        java.nio.file.Path file = dir.resolve("beacon.snapshot.db");
        Result saved = Cli.run(beacon.url(), "backup", "snapshot", file.toString());
        assertThat(saved.code()).as(saved.err()).isZero();
        assertThat(saved.out()).contains("saved").contains(file.toString());
        assertThat(java.nio.file.Files.size(file)).isPositive();
        try (var entries = java.nio.file.Files.list(dir)) {
            assertThat(entries).containsExactly(file); // no temporary file left behind
        }
        ProcessBuilder status = new ProcessBuilder("etcdctl", "snapshot", "status", file.toString(), "-w", "json").redirectErrorStream(true);
        status.environment().put("ETCDCTL_API", "3");
        Process p = status.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("totalKey");
    }
}
