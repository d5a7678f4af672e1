package dev.beacon.server;

import dev.beacon.core.etcd.EtcdSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerSettingsTest {
    @Test
    void defaultsAreTheDocumentedFlagDefaultsWithAManagedEtcd() {
        ServerSettings s = ServerSettings.builder().build();
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.keyRoot()).isEqualTo("/beacon");
        assertThat(s.etcd()).isInstanceOf(ServerSettings.Managed.class);
        assertThat(s.etcd().requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(s::externalEtcd).isInstanceOf(IllegalStateException.class).hasMessageContaining("manages its own etcd");
    }

    @Test
    void toBuilderChangesOneSettingAndKeepsTheRest() {
        ServerSettings s = ServerSettings.forEndpoints(Path.of("x"), "http://127.0.0.1:2379");
        ServerSettings changed = s.toBuilder().sessionMaxBytes(1024).build();
        assertThat(changed.sessionMaxBytes()).isEqualTo(1024);
        assertThat(changed).isEqualTo(new ServerSettings(s.host(), s.port(), s.dataDir(), s.etcd(), s.keyRoot(), s.maxBodyBytes(),
                s.etcdCheckInterval(), s.registry(), 1024, s.config(), s.virtualThreads(), s.ops(), s.auth(), s.audit(), s.tls()));
        assertThat(changed.externalEtcd().endpoints()).containsExactly("http://127.0.0.1:2379");
    }

    @Test
    void theManagedEtcdIsReachedWithItsOwnTimeouts() {
        EtcdSettings c = new ServerSettings.Managed(Duration.ofSeconds(1), Duration.ofSeconds(2)).connection("http://127.0.0.1:40001");
        assertThat(c.endpoints()).containsExactly("http://127.0.0.1:40001");
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void outOfRangeSettingsAreRefusedByName() {
        assertThatThrownBy(() -> ServerSettings.builder().port(70000).build()).hasMessageContaining("port");
        assertThatThrownBy(() -> ServerSettings.builder().maxBodyBytes(0).build()).hasMessageContaining("body size");
        assertThatThrownBy(() -> ServerSettings.builder().sessionMaxBytes(2 * 1024 * 1024).build()).hasMessageContaining("session");
        assertThatThrownBy(() -> ServerSettings.builder().keyRoot("beacon").build()).isInstanceOf(IllegalArgumentException.class);
    }
}
