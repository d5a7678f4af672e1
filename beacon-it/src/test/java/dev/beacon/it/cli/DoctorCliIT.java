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

/** {@code beacon doctor}: the server's checklist in each output format; exit 0 unless a check FAILs. */
class DoctorCliIT {
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
}
