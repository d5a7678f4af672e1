package dev.beacon.core.keys;

import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamesTest {
    @Test
    void rawKeysAcceptSlashesAndUnicodeUpTo512Bytes() {
        assertThat(Names.requireKey("/a/b.c-d_e")).isEqualTo("/a/b.c-d_e");
        assertThat(Names.requireKey("é".repeat(256))).hasSize(256);
    }

    @Test
    void rawKeysRefuseEmptyLongAndControlCharacters() {
        assertThatThrownBy(() -> Names.requireKey("")).hasMessageContaining("missing or empty");
        assertThatThrownBy(() -> Names.requireKey("é".repeat(257))).hasMessageContaining("514 bytes");
        assertThatThrownBy(() -> Names.requireKey("a\nb")).hasMessageContaining("U+000A")
                .isInstanceOfSatisfying(BeaconException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_NAME));
    }

    @Test
    void configKeysRefuseDotSegmentsAndStraySlashes() {
        assertThat(Names.requireConfigKey("spring.datasource.url")).isEqualTo("spring.datasource.url");
        assertThat(Names.requireConfigKey("db/primary/url")).isEqualTo("db/primary/url");
        assertThatThrownBy(() -> Names.requireConfigKey("a/../b")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> Names.requireConfigKey("/a")).hasMessageContaining("start or end");
        assertThatThrownBy(() -> Names.requireConfigKey("a//b")).hasMessageContaining("//");
    }

    @Test
    void namesFollowTheContractPattern() {
        assertThat(Names.requireName("app", "order-service_v2.1")).isEqualTo("order-service_v2.1");
        assertThatThrownBy(() -> Names.requireName("app", "a/b")).hasMessageContaining("app 'a/b' is not valid");
        assertThatThrownBy(() -> Names.requireName("app", "x".repeat(129))).hasMessageContaining("not valid");
        assertThatThrownBy(() -> Names.requireName("profile", "..")).hasMessageContaining("'.' or '..'");
        assertThatThrownBy(() -> Names.requireName("service", null)).hasMessageContaining("service is missing");
    }
}
