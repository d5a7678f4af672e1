package dev.beacon.core.config;

import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import dev.beacon.core.config.ConfigRules.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigRulesTest {
    @ParameterizedTest
    @ValueSource(strings = {"db.url", "a/b/c", "list[0]", "with space", "ünïcode", "history", "x.history", "a/historyx"})
    void itemKeysWithDotsSlashesAndAnyPrintableCharacterAreAccepted(String key) {
        assertThatCode(() -> ConfigRules.requireKey(key)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/a", "a/", "a//b", "a/../b", "./a", "a/history", "a/b/rollback", "tab\tkey"})
    void badItemKeysAreRefusedAsInvalidNames(String key) {
        assertThatThrownBy(() -> ConfigRules.requireKey(key)).isInstanceOfSatisfying(BeaconException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_NAME));
    }

    @Test
    void valuesOverTheLimitAreRefusedCountingUtf8Bytes() {
        assertThatCode(() -> ConfigRules.requireValue("k", "ü".repeat(5), 10, Format.TEXT)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ConfigRules.requireValue("k", "ü".repeat(6), 10, Format.TEXT))
                .isInstanceOfSatisfying(BeaconException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE);
                    assertThat(e.getMessage()).contains("12 bytes");
                });
        assertThatThrownBy(() -> ConfigRules.requireValue("k", null, 10, Format.TEXT)).hasMessageContaining("missing");
    }

    @Test
    void aDeclaredFormatRefusesValuesThatDoNotParse() {
        assertThatCode(() -> ConfigRules.requireValue("k", "{\"a\":[1]}", 100, Format.JSON)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ConfigRules.requireValue("k", "{a:1", 100, Format.JSON)).hasMessageContaining("not valid JSON");
        assertThatCode(() -> ConfigRules.requireValue("k", "a:\n  - 1\n", 100, Format.YAML)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ConfigRules.requireValue("k", "a: [1\n", 100, Format.YAML)).hasMessageContaining("not valid YAML");
        assertThatCode(() -> ConfigRules.requireValue("k", "{a:1", 100, Format.TEXT)).doesNotThrowAnyException();
    }

    @Test
    void formatNamesAreCaseInsensitiveAndDefaultToText() {
        assertThat(ConfigRules.format(null)).isEqualTo(Format.TEXT);
        assertThat(ConfigRules.format("Json")).isEqualTo(Format.JSON);
        assertThatThrownBy(() -> ConfigRules.format("xml")).hasMessageContaining("text, json or yaml");
    }
}
