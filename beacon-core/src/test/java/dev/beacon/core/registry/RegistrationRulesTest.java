package dev.beacon.core.registry;

import dev.beacon.api.ErrorCode;
import dev.beacon.api.Registration;
import dev.beacon.core.BeaconException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistrationRulesTest {
    private static Registration reg(String address, Integer port, Long ttl, Long leaseId) {
        return new Registration(address, port, null, null, ttl, null, leaseId);
    }

    @Test
    void defaultsTtlToTenSecondsAndDeduplicatesTags() {
        RegistrationRules.Valid v = RegistrationRules.validate("orders", "o-1",
                new Registration("10.0.0.1", 80, List.of("a", "b", "a"), Map.of("k", "v"), null, null, null));
        assertThat(v.ttl()).isEqualTo(10);
        assertThat(v.tags()).containsExactly("a", "b");
        assertThat(v.metadata()).containsEntry("k", "v");
        assertThat(v.check()).isNull();
    }

    @Test
    void anAttachedInstanceHasNoTtlOfItsOwn() {
        RegistrationRules.Valid v = RegistrationRules.validate("s", "i", reg("h", 1, null, 42L));
        assertThat(v.ttl()).isNull();
        assertThat(v.leaseId()).isEqualTo(42);
    }

    @Test
    void namesBreakingTheRulesAreInvalidNames() {
        for (String bad : new String[]{"", "a b", "a/b", "..", "x".repeat(129), "é"}) {
            assertThatThrownBy(() -> RegistrationRules.validate(bad, "i", reg("h", 1, null, null)))
                    .isInstanceOf(BeaconException.class).extracting(e -> ((BeaconException) e).code()).isEqualTo(ErrorCode.INVALID_NAME);
            assertThatThrownBy(() -> RegistrationRules.validate("s", bad, reg("h", 1, null, null)))
                    .isInstanceOf(BeaconException.class).extracting(e -> ((BeaconException) e).code()).isEqualTo(ErrorCode.INVALID_NAME);
        }
    }

    @Test
    void rangesAreEnforcedWithTheReason() {
        assertBad(reg(null, 1, null, null), "address is missing");
        assertBad(reg("h", null, null, null), "port is missing");
        assertBad(reg("h", 70000, null, null), "out of range");
        assertBad(reg("h", 1, 1L, null), "ttl 1 is out of range");
        assertBad(reg("h", 1, 301L, null), "ttl 301 is out of range");
        assertBad(reg("h", 1, 5L, 9L), "not both");
        assertBad(reg("h", 1, null, 0L), "positive lease id");
        assertBad(new Registration("h", 1, java.util.Collections.nCopies(65, "t"), null, null, null, null), "at most 64 tags");
        assertBad(new Registration("h", 1, null, Map.of("k", "v".repeat(1025)), null, null, null), "metadata value of 'k'");
    }

    @Test
    void generatedIdsFollowTheNameRules() {
        assertThat(RegistrationRules.generatedId("10.0.0.5", 8080)).isEqualTo("10.0.0.5-8080");
        assertThat(RegistrationRules.generatedId("::1", 80)).isEqualTo("__1-80");
        assertThat(RegistrationRules.generatedId("höst", 1)).isEqualTo("h_st-1");
        assertThat(RegistrationRules.generatedId("x".repeat(200), 1)).hasSize(128).matches("[A-Za-z0-9._-]+");
    }

    private static void assertBad(Registration r, String message) {
        assertThatThrownBy(() -> RegistrationRules.validate("s", "i", r)).isInstanceOf(BeaconException.class)
                .hasMessageContaining(message).extracting(e -> ((BeaconException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }
}
