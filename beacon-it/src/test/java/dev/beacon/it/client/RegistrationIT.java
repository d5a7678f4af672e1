package dev.beacon.it.client;

import dev.beacon.api.Instance;
import dev.beacon.client.BeaconClient;
import dev.beacon.client.InstanceSpec;
import dev.beacon.client.ServiceRegistration;
import dev.beacon.client.ServiceView;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Registration with heartbeats, re-registration, deregistration; discovery from the client's cache. */
class RegistrationIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();

    private BeaconExtension servers;

    @AfterEach
    void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    private BeaconClient client() {
        return BeaconClient.builder().servers(servers.urls()).callTimeout(Duration.ofSeconds(3)).build();
    }

    @Test
    void aRegistrationSurvivesAServerRestartAndCloseDeregisters() {
        servers = BeaconExtension.on(etcd, 1).start();
        try (BeaconClient beacon = client(); BeaconClient observer = client()) {
            ServiceRegistration reg = beacon.registry().register(InstanceSpec.of("payments", "10.0.0.5", 8080)
                    .ttl(Duration.ofSeconds(6)).tags("blue").metadata("zone", "eu-1"));
            List<ServiceRegistration.State> states = Collections.synchronizedList(new ArrayList<>());
            reg.onStateChange((state, reason) -> states.add(state));
            assertThat(reg.state()).isEqualTo(ServiceRegistration.State.REGISTERED);
            await().until(() -> observer.registry().discover("payments").size() == 1);
            List<Instance> found = observer.registry().discover("payments");
            assertThat(found).extracting(Instance::id).containsExactly("10.0.0.5-8080");
            assertThat(found.get(0).tags()).containsExactly("blue");
            assertThat(found.get(0).metadata()).containsEntry("zone", "eu-1");

            servers.stop(0);
            await().atMost(Duration.ofSeconds(20)).until(() -> reg.state() == ServiceRegistration.State.SUSPECT);
            servers.start(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> reg.state() == ServiceRegistration.State.REGISTERED);
            await().atMost(Duration.ofSeconds(30)).until(() -> observer.registry().instances("payments").instances().size() == 1);
            assertThat(states).contains(ServiceRegistration.State.SUSPECT, ServiceRegistration.State.REGISTERED);

            reg.close();
            assertThat(reg.state()).isEqualTo(ServiceRegistration.State.CLOSED);
            await().until(() -> observer.registry().instances("payments").instances().isEmpty());
        }
    }

    @Test
    void aRegistrationWhoseLeaseWasLostRegistersAgain() {
        servers = BeaconExtension.on(etcd, 1).start();
        try (BeaconClient beacon = client()) {
            ServiceRegistration reg = beacon.registry().register(InstanceSpec.of("orders", "10.0.0.7", 9090).id("orders-1")
                    .ttl(Duration.ofSeconds(3)));
            List<String> reasons = Collections.synchronizedList(new ArrayList<>());
            reg.onStateChange((state, reason) -> reasons.add(state + ": " + reason));
            long firstLease = reg.leaseId();
            etcd.connection().await("revoke", () -> etcd.connection().client().getLeaseClient().revoke(firstLease));
            await().atMost(Duration.ofSeconds(20)).until(() -> reg.registrations() == 2 && reg.state() == ServiceRegistration.State.REGISTERED);
            assertThat(reg.leaseId()).isNotEqualTo(firstLease);
            await().until(() -> reasons.size() >= 2);
            assertThat(reasons.get(0)).startsWith("LOST");
            assertThat(reasons.get(1)).startsWith("REGISTERED: re-registered");
            await().untilAsserted(() -> assertThat(beacon.registry().instances("orders").instances()).extracting(Instance::id)
                    .containsExactly("orders-1"));
        }
    }

    @Test
    void discoveryFollowsChangesKeepsItsLastViewWhileNoServerAnswersAndReportsItsAge() {
        servers = BeaconExtension.on(etcd, 1).start();
        try (BeaconClient provider = client(); BeaconClient consumer = client()) {
            provider.registry().register(InstanceSpec.of("search", "10.0.1.1", 80).ttl(Duration.ofSeconds(60)));
            ServiceView search = consumer.registry().service("search");
            // the registration answers before the server's mirror shows it; the view's stream brings it either way
            await().until(() -> search.healthy().size() == 1);
            List<List<Instance>> changes = Collections.synchronizedList(new ArrayList<>());
            search.onChange(changes::add);
            await().until(() -> consumer.connections() == 1);
            provider.registry().register(InstanceSpec.of("search", "10.0.1.2", 80).ttl(Duration.ofSeconds(60)));
            await().until(() -> search.healthy().size() == 2);
            assertThat(changes).isNotEmpty();
            assertThat(search.pickRoundRobin()).isPresent();
            assertThat(List.of(search.pickRoundRobin().get().id(), search.pickRoundRobin().get().id()))
                    .containsExactlyInAnyOrder("10.0.1.1-80", "10.0.1.2-80");
            assertThat(search.stale()).isFalse();
            assertThat(search.age()).isEqualTo(Duration.ZERO);

            servers.stop(0);
            await().atMost(Duration.ofSeconds(20)).until(search::stale);
            await().until(() -> search.age().compareTo(Duration.ZERO) > 0);
            assertThat(consumer.registry().discover("search")).hasSize(2);
            assertThat(search.pickRandom()).isPresent();

            servers.start(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> !search.stale());
            assertThat(search.healthy()).hasSize(2);
        }
    }
}
