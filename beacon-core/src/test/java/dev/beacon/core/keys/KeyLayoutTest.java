package dev.beacon.core.keys;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyLayoutTest {
    private final KeyLayout keys = KeyLayout.defaults();

    @Test
    void buildsTheDocumentedKeys() {
        assertThat(keys.config("shop", "prod", "db.url")).isEqualTo("/beacon/config/shop/prod/db.url");
        assertThat(keys.history("shop", "prod", "db.url", 42)).isEqualTo("/beacon/history/shop/prod/db.url/00000000000000000042");
        assertThat(keys.instance("orders", "i-1")).isEqualTo("/beacon/services/orders/i-1");
        assertThat(keys.health("orders", "i-1")).isEqualTo("/beacon/health/orders/i-1");
        assertThat(keys.session("s1")).isEqualTo("/beacon/sessions/s1");
    }

    @Test
    void lockAndElectionKeysAreEtcdsRecipeKeysNamedByTheLeaseInHex() {
        assertThat(keys.lock("job")).isEqualTo("/beacon/locks/job");
        assertThat(keys.lockPrefix("job")).isEqualTo("/beacon/locks/job/");
        assertThat(keys.lockKey("job", 0x694d7a4c5e1f2a0bL)).isEqualTo("/beacon/locks/job/694d7a4c5e1f2a0b");
        assertThat(keys.electionPrefix("leader")).isEqualTo("/beacon/elections/leader/");
        assertThat(keys.electionKey("leader", 255)).isEqualTo("/beacon/elections/leader/ff");
        assertThat(keys.lockPrefix("ab")).doesNotStartWith(keys.lockPrefix("a"));
    }

    @Test
    void parsesConfigKeysBackIncludingSlashesInTheItemKey() {
        assertThat(keys.parseConfig("/beacon/config/shop/prod/db/primary/url"))
                .isEqualTo(new KeyLayout.ConfigKey("shop", "prod", "db/primary/url"));
        assertThat(keys.parseConfig("/beacon/config/shop/prod/")).isNull();
        assertThat(keys.parseConfig("/beacon/services/x/y")).isNull();
    }

    @Test
    void parsesInstanceAndHealthKeysBackAndNothingElse() {
        assertThat(keys.parseInstance("/beacon/services/orders/i-1")).isEqualTo(new KeyLayout.InstanceKey("orders", "i-1", false));
        assertThat(keys.parseInstance("/beacon/health/orders/i-1")).isEqualTo(new KeyLayout.InstanceKey("orders", "i-1", true));
        assertThat(keys.parseInstance("/beacon/services/orders/")).isNull();
        assertThat(keys.parseInstance("/beacon/services/orders/a/b")).isNull();
        assertThat(keys.parseInstance("/beacon/config/a/b/c")).isNull();
        assertThat(keys.instanceEvent("orders", "i-1", "x")).isEqualTo("/beacon/events/services/orders/i-1/x");
        assertThat(keys.server("beacon-1")).isEqualTo("/beacon/servers/beacon-1");
        assertThat(keys.unmirrored()).contains("/beacon/events/");
    }

    @Test
    void historyKeysSortByRevision() {
        assertThat(keys.history("a", "p", "k", 9)).isLessThan(keys.history("a", "p", "k", 10));
    }

    @Test
    void rootMustBeAnAbsolutePathWithoutTrailingSlash() {
        assertThat(new KeyLayout("/team-a").config("a", "p", "k")).isEqualTo("/team-a/config/a/p/k");
        assertThatThrownBy(() -> new KeyLayout("beacon")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyLayout("/beacon/")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void metadataServerAndQueueKeysParseBackToWhatBuiltThem() {
        assertThat(keys.parseConfigMeta(keys.configMeta("shop", "prod", "db/url"))).isEqualTo(new KeyLayout.ConfigKey("shop", "prod", "db/url"));
        assertThat(keys.parseConfigMeta(keys.batchMeta("shop", "prod"))).isNull();
        assertThat(keys.parseConfigMeta(keys.config("shop", "prod", "k"))).isNull();
        assertThat(keys.parseServer(keys.server("beacon-1"))).isEqualTo("beacon-1");
        assertThat(keys.parseServer(keys.serversRoot())).isNull();
        assertThat(KeyLayout.parseQueueName(keys.locksRoot(), keys.lockKey("nightly", 0x1f))).isEqualTo("nightly");
        assertThat(KeyLayout.parseQueueName(keys.electionsRoot(), keys.electionKey("leader", 7))).isEqualTo("leader");
        assertThat(KeyLayout.parseQueueName(keys.locksRoot(), keys.lock("nightly"))).isNull();
        assertThat(KeyLayout.parseQueueName(keys.locksRoot(), keys.electionKey("leader", 7))).isNull();
        assertThat(KeyLayout.queuePrefix(keys.locksRoot(), "nightly")).isEqualTo(keys.lockPrefix("nightly"));
    }
}
