package dev.beacon.it.client;

import dev.beacon.api.HistoryRecord;
import dev.beacon.api.Instance;
import dev.beacon.api.InstanceStatus;
import dev.beacon.client.BeaconClient;
import dev.beacon.client.BeaconClientException;
import dev.beacon.client.InstanceSpec;
import dev.beacon.client.ServiceRegistration;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The one-call admin methods the CLI is built on: config history, rollback, documents; services, status, events. */
class AdminCallsIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    private BeaconClient client() {
        return BeaconClient.builder().servers(beacon.url()).actor("ops-bot").build();
    }

    @Test
    void historyRollbackExportAndImportRoundTrip() {
        try (BeaconClient c = client()) {
            long first = c.configs().set("admin", "prod", "timeout", "1s", null, "first").modRevision();
            c.configs().set("admin", "prod", "timeout", "2s", first, "second");
            await().until(() -> c.configs().history("admin", "prod", "timeout").size() == 2);
            List<HistoryRecord> history = c.configs().history("admin", "prod", "timeout");
            assertThat(history.get(0).value()).isEqualTo("2s");
            assertThat(history.get(1).updatedBy()).isEqualTo("ops-bot");
            assertThat(c.configs().rollback("admin", "prod", "timeout", first).value()).isEqualTo("1s");

            assertThat(c.configs().importDocument("admin", "prod", "city=München\ngreeting=你好\n", "properties", "import").written()).isEqualTo(2);
            String exported = c.configs().export("admin", "prod", "properties");
            assertThat(exported).contains("timeout=1s").contains("city=M\\u00FCnchen");
            assertThat(c.configs().get("admin", "prod", "greeting").value()).isEqualTo("你好");
            assertThat(c.configs().apps()).anyMatch(a -> a.app().equals("admin") && a.profiles().contains("prod"));
            c.configs().delete("admin", "prod", "city", null);
            assertThatThrownBy(() -> c.configs().get("admin", "prod", "city")).isInstanceOf(BeaconClientException.class);
        }
    }

    @Test
    void servicesCanBeListedShownDrainedAndTheirEventsRead() {
        try (BeaconClient c = client()) {
            ServiceRegistration reg = c.registry().register(InstanceSpec.of("billing", "10.0.2.1", 7000).ttl(Duration.ofSeconds(30)));
            await().until(() -> c.registry().services().stream().anyMatch(s -> s.service().equals("billing") && s.instances() == 1));
            reg.setStatus(InstanceStatus.OUT_OF_SERVICE);
            await().until(() -> c.registry().instances("billing").instances().stream().anyMatch(i -> i.status().equals("OUT_OF_SERVICE")));
            await().until(() -> c.registry().discover("billing").isEmpty());
            assertThat(c.registry().discover("billing", i -> true)).extracting(Instance::id).containsExactly("10.0.2.1-7000");
            await().until(() -> c.registry().events("billing", "10.0.2.1-7000").stream().anyMatch(e -> e.type().equals("STATUS_SET")));
            reg.close();
            await().until(() -> c.registry().instances("billing").instances().isEmpty());
            // an instance registered by someone else, removed by an operator
            beacon.http().put("/api/v1/services/billing/instances/other", "{\"address\":\"10.0.2.2\",\"port\":7000}");
            c.registry().deregister("billing", "other");
            // a deregistration answers before every server's mirror shows it
            await().until(() -> c.registry().instances("billing").instances().isEmpty());
        }
    }
}
