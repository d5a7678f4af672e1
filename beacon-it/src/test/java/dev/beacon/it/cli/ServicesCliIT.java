package dev.beacon.it.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.it.cli.Cli.Result;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code beacon services ...}: register, list, show, drain, undrain, events, deregister. */
class ServicesCliIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    private static Result cli(String... args) {
        return Cli.run(beacon.url(), args);
    }

    private static String status(String service, String id) {
        for (JsonNode i : cli("services", "show", service, "-o", "json").json().get("instances")) {
            if (i.get("id").asText().equals(id)) {
                return i.get("status").asText();
            }
        }
        return "ABSENT";
    }

    @Test
    void anInstanceCanBeRegisteredListedShownDrainedUndrainedAndDeregistered() {
        Result reg = cli("services", "register", "billing", "10.0.0.1", "7000", "--ttl", "60s", "--tag", "blue", "--meta", "zone=eu");
        assertThat(reg.code()).isZero();
        assertThat(reg.out().strip()).isEqualTo("10.0.0.1-7000");
        JsonNode registered = cli("services", "register", "billing", "10.0.0.2", "7000", "--id", "b2", "--ttl", "60s", "-o", "json").json();
        assertThat(registered.get("id").asText()).isEqualTo("b2");
        assertThat(registered.get("leaseId").asLong()).isNotZero();

        await().until(() -> cli("services", "ls").lines().contains("billing\t2\t2"));
        JsonNode ls = cli("services", "ls", "-o", "json").json();
        assertThat(ls.get(0).has("service") && ls.get(0).has("instances") && ls.get(0).has("healthy")).isTrue();
        assertThat(cli("services", "ls", "-o", "table").lines().get(0)).startsWith("SERVICE");

        JsonNode show = cli("services", "show", "billing", "-o", "json").json();
        assertThat(show.has("service") && show.has("revision") && show.has("instances")).isTrue();
        JsonNode first = show.get("instances").get(0);
        assertThat(first.get("id").asText()).isEqualTo("10.0.0.1-7000");
        assertThat(first.get("tags").get(0).asText()).isEqualTo("blue");
        assertThat(first.get("metadata").get("zone").asText()).isEqualTo("eu");
        assertThat(cli("services", "show", "billing", "-o", "table").out()).contains("ID").contains("10.0.0.1-7000").contains("zone=eu");

        assertThat(cli("services", "drain", "billing", "b2").out().strip()).isEqualTo("billing/b2 DRAINING");
        await().until(() -> status("billing", "b2").equals("DRAINING"));
        await().until(() -> cli("services", "ls").lines().contains("billing\t2\t1"));
        assertThat(cli("services", "undrain", "billing", "b2", "-o", "json").json().get("status").asText()).isEqualTo("UP");
        await().until(() -> status("billing", "b2").equals("UP"));

        JsonNode events = cli("services", "events", "billing", "b2", "-o", "json").json();
        assertThat(events.size()).isGreaterThanOrEqualTo(2);
        assertThat(events.get(0).has("type") && events.get(0).has("time") && events.get(0).has("revision")).isTrue();
        assertThat(cli("services", "events", "billing", "-o", "table").out()).contains("10.0.0.1-7000").contains("b2");

        assertThat(cli("services", "deregister", "billing", "b2").code()).isZero();
        await().until(() -> status("billing", "b2").equals("ABSENT"));
        assertThat(cli("services", "drain", "billing", "no-such").code()).isEqualTo(3);
    }

    @Test
    void badRegistrationsAreUsageErrors() {
        assertThat(cli("services", "register", "billing", "10.0.0.1", "0").code()).isEqualTo(2);
        assertThat(cli("services", "register", "billing", "10.0.0.1", "http").code()).isEqualTo(2);
        assertThat(cli("services", "register", "bad name!", "10.0.0.1", "80").code()).isEqualTo(2);
    }
}
