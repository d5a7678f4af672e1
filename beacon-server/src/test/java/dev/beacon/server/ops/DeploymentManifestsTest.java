package dev.beacon.server.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every file under deploy/ parses, and the HA deployment has what docs/operations.md promises. */
class DeploymentManifestsTest {
    static final Path DEPLOY = Path.of("..", "deploy");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final List<JsonNode> docs = new ArrayList<>();

    @BeforeAll
    static void parseEveryManifest() throws IOException {
        try (Stream<Path> files = Files.list(DEPLOY.resolve("kubernetes"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (var parser = YAML.createParser(f.toFile())) {
                    YAML.readValues(parser, JsonNode.class).forEachRemaining(doc -> {
                        assertThat(doc.path("apiVersion").asText()).as("apiVersion in %s", f).isNotEmpty();
                        assertThat(doc.path("kind").asText()).as("kind in %s", f).isNotEmpty();
                        assertThat(doc.path("metadata").path("name").asText()).as("name in %s", f).isNotEmpty();
                        docs.add(doc);
                    });
                }
            }
        }
        assertThat(docs).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void beaconRunsThreeNonRootReplicasSpreadOverZonesWithProbesAndResources() {
        JsonNode d = only("Deployment", "beacon");
        assertThat(d.at("/spec/replicas").asInt()).isEqualTo(3);
        JsonNode pod = d.at("/spec/template/spec");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isPositive();
        assertThat(topologyKeys(pod)).contains("topology.kubernetes.io/zone");
        JsonNode c = pod.at("/containers/0");
        assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
        assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
        assertThat(c.at("/resources/requests/cpu").asText()).isNotEmpty();
        assertThat(c.at("/resources/requests/memory").asText()).isNotEmpty();
        assertThat(c.at("/resources/limits/memory").asText()).isNotEmpty();
        assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(env(c, "BEACON_ETCD")).contains("etcd-0.etcd:2379").contains("etcd-1.etcd:2379").contains("etcd-2.etcd:2379");
        assertThat(envFrom(c, "BEACON_HOST")).isEqualTo("status.podIP");
        assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
    }

    @Test
    void theServiceAndTheDisruptionBudgetSelectTheBeaconPods() {
        JsonNode labels = only("Deployment", "beacon").at("/spec/template/metadata/labels");
        JsonNode service = only("Service", "beacon");
        assertThat(matches(service.at("/spec/selector"), labels)).isTrue();
        assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(8080);
        JsonNode pdb = only("PodDisruptionBudget", "beacon");
        assertThat(matches(pdb.at("/spec/selector/matchLabels"), labels)).isTrue();
        assertThat(pdb.at("/spec/minAvailable").asInt()).isBetween(1, 2);
    }

    @Test
    void etcdIsAThreeMemberStatefulSetBehindAHeadlessService() {
        JsonNode sts = only("StatefulSet", "etcd");
        assertThat(sts.at("/spec/replicas").asInt()).isEqualTo(3);
        JsonNode headless = only("Service", sts.at("/spec/serviceName").asText());
        assertThat(headless.at("/spec/clusterIP").asText()).isEqualTo("None");
        assertThat(matches(headless.at("/spec/selector"), sts.at("/spec/template/metadata/labels"))).isTrue();
        JsonNode pod = sts.at("/spec/template/spec");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(topologyKeys(pod)).contains("topology.kubernetes.io/zone");
        String args = pod.at("/containers/0/args").toString();
        assertThat(args).contains("etcd-0=http://etcd-0.etcd:2380,etcd-1=http://etcd-1.etcd:2380,etcd-2=http://etcd-2.etcd:2380");
        assertThat(sts.at("/spec/volumeClaimTemplates/0/spec/resources/requests/storage").asText()).isNotEmpty();
    }

    @Test
    void theDockerfileRunsTheFatJarAsNonRootWithAHealthCheck() throws IOException {
        String dockerfile = Files.readString(DEPLOY.resolveSibling("Dockerfile"));
        assertThat(dockerfile).contains("beacon-server-*-all.jar").contains("HEALTHCHECK").contains("/health")
                .contains("ENTRYPOINT [\"java\", \"-jar\"");
        String user = dockerfile.lines().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        assertThat(user).doesNotContain("root").doesNotContain("USER 0");
    }

    @Test
    void theSystemdUnitRunsAsItsOwnUserAndRestartsOnFailure() throws IOException {
        List<String> unit = Files.readAllLines(DEPLOY.resolve("systemd/beacon.service"));
        assertThat(unit).contains("[Unit]", "[Service]", "[Install]", "User=beacon", "Restart=on-failure", "KillSignal=SIGTERM");
        assertThat(unit).anyMatch(l -> l.startsWith("ExecStart=/usr/bin/java ") && l.contains("-jar "));
        assertThat(unit).anyMatch(l -> l.startsWith("LimitNOFILE="));
    }

    private static JsonNode only(String kind, String name) {
        List<JsonNode> found = docs.stream().filter(d -> d.path("kind").asText().equals(kind)
                && d.at("/metadata/name").asText().equals(name)).toList();
        assertThat(found).as("%s %s", kind, name).hasSize(1);
        return found.get(0);
    }

    private static List<String> topologyKeys(JsonNode podSpec) {
        List<String> keys = new ArrayList<>();
        podSpec.path("topologySpreadConstraints").forEach(t -> keys.add(t.path("topologyKey").asText()));
        return keys;
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        return null;
    }

    private static String envFrom(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.at("/valueFrom/fieldRef/fieldPath").asText(null);
            }
        }
        return null;
    }

    /** True when every label the selector asks for is on the pod. */
    private static boolean matches(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        var it = selector.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }
}
