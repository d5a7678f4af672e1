package dev.beacon.it.spring.starter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Spring Boot apps on a real Beacon: the callee (two instances, web apps on free ports) registers itself with
 * an Actuator health check; the caller reaches it by name through a {@code @LoadBalanced RestClient}. Stopping one
 * callee instance sets it OUT_OF_SERVICE, then deregisters it, and the caller stops picking it.
 */
class StarterDiscoveryIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class CalleeApp {
        @Bean
        Who who(@Value("${callee.name}") String name) {
            return new Who(name);
        }
    }

    @RestController
    public static class Who {
        private final String name;

        public Who(String name) {
            this.name = name;
        }

        @GetMapping("/who")
        public String who() {
            return name;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class CallerApp {
        @Bean
        @LoadBalanced
        RestClient.Builder loadBalanced() {
            return RestClient.builder();
        }
    }

    private static ConfigurableApplicationContext callee(String name) {
        return StarterApps.start(CalleeApp.class, WebApplicationType.SERVLET, "--server.port=0", "--spring.application.name=callee",
                "--callee.name=" + name, "--beacon.servers=" + beacon.url(), "--beacon.discovery.address=127.0.0.1",
                "--beacon.discovery.instance-id=callee-" + name, "--beacon.discovery.metadata.zone=eu-1",
                "--beacon.discovery.health-check-interval=1s");
    }

    private static Set<String> picks(RestClient client, int calls) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < calls; i++) {
            seen.add(client.get().uri("http://callee/who").retrieve().body(String.class));
        }
        return seen;
    }

    private static List<String> registered() {
        JsonNode instances = beacon.http().get("/api/v1/services/callee").json().path("instances");
        List<String> ids = new ArrayList<>();
        instances.forEach(i -> ids.add(i.path("id").asText() + ":" + i.path("status").asText()));
        return ids;
    }

    @Test
    void aCallerReachesRegisteredInstancesByNameAndStopsPickingOneThatShutsDown() {
        ConfigurableApplicationContext a = callee("a");
        try (ConfigurableApplicationContext b = callee("b");
             ConfigurableApplicationContext caller = StarterApps.start(CallerApp.class, WebApplicationType.NONE,
                     "--spring.application.name=caller", "--beacon.servers=" + beacon.url())) {
            // registered with the web server's port, and UP once the servers' check of /actuator/health passed
            await().atMost(Duration.ofSeconds(20)).until(() -> registered().containsAll(List.of("callee-a:UP", "callee-b:UP")));
            JsonNode first = beacon.http().get("/api/v1/services/callee").json().path("instances").get(0);
            assertThat(first.path("metadata").path("zone").asText()).isEqualTo("eu-1");
            assertThat(first.path("check").path("http").asText()).endsWith("/actuator/health");

            DiscoveryClient discovery = caller.getBean(DiscoveryClient.class);
            assertThat(discovery.getServices()).contains("callee");
            await().atMost(Duration.ofSeconds(10)).until(() -> discovery.getInstances("callee").size() == 2);
            assertThat(discovery.getInstances("callee")).extracting(ServiceInstance::getHost).containsOnly("127.0.0.1");
            assertThat(caller.getBean(ReactiveDiscoveryClient.class).getInstances("callee").collectList().block(Duration.ofSeconds(10)))
                    .extracting(ServiceInstance::getInstanceId).containsExactlyInAnyOrder("callee-a", "callee-b");

            RestClient client = caller.getBean(RestClient.Builder.class).build();
            await().atMost(Duration.ofSeconds(10)).until(() -> picks(client, 6).equals(Set.of("a", "b")));

            a.close(); // graceful shutdown: OUT_OF_SERVICE, then deregistration

            await().atMost(Duration.ofSeconds(10)).until(() -> registered().equals(List.of("callee-b:UP")));
            await().atMost(Duration.ofSeconds(10)).until(() -> discovery.getInstances("callee").size() == 1);
            assertThat(picks(client, 6)).containsOnly("b");
            JsonNode events = beacon.http().get("/api/v1/services/callee/instances/callee-a/events").json();
            List<String> types = StreamSupport.stream(events.spliterator(), false).map(e -> e.path("type").asText()).toList();
            assertThat(types).contains("STATUS_SET", "DEREGISTERED");
        } finally {
            a.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> registered().isEmpty());
    }
}
