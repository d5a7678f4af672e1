package dev.beacon.core.audit;

import dev.beacon.api.AuditActor;
import dev.beacon.api.AuditRecord;
import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditQueryTest {
    private static final AuditRecord R = new AuditRecord(null, "2026-12-01T00:00:00Z", new AuditActor("carol", "t-1"), "10.0.0.1",
            "config.put", "shop/prod/db.url", 7, "OK");

    @Test
    void filtersMatchExactlyOrByPrefixWithAStarAndTheActorByNameOrTokenId() {
        assertThat(AuditQuery.of("shop/prod/db.url", null, null, null, null, null).matches(R)).isTrue();
        assertThat(AuditQuery.of("shop/prod/*", "carol", "config.*", null, null, null).matches(R)).isTrue();
        assertThat(AuditQuery.of(null, "t-1", null, null, null, null).matches(R)).isTrue();
        assertThat(AuditQuery.of("shop/prod", null, null, null, null, null).matches(R)).isFalse();
        assertThat(AuditQuery.of(null, "bob", null, null, null, null).matches(R)).isFalse();
        assertThat(AuditQuery.of(null, null, "registry.*", null, null, null).matches(R)).isFalse();
    }

    @Test
    void sinceIsAnInstantOrADurationBackFromNow() {
        assertThat(AuditQuery.of(null, null, null, "2026-12-01T00:00:00Z", null, null).since()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        Instant weekAgo = AuditQuery.of(null, null, null, "7d", null, null).since();
        assertThat(Duration.between(weekAgo, Instant.now()).toHours()).isBetween(167L, 168L);
    }

    @Test
    void badParametersAreBadRequestsNamingThem() {
        for (String[] bad : new String[][]{{"limit", "0"}, {"limit", "x"}, {"since", "yesterday"}, {"cursor", "123"}, {"target", "a\nb"}}) {
            assertThatThrownBy(() -> AuditQuery.of(bad[0].equals("target") ? bad[1] : null, null, null,
                    bad[0].equals("since") ? bad[1] : null, bad[0].equals("cursor") ? bad[1] : null, bad[0].equals("limit") ? bad[1] : null))
                    .isInstanceOf(BeaconException.class).hasMessageContaining(bad[0])
                    .satisfies(e -> assertThat(((BeaconException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST));
        }
    }

    @Test
    void idsSortByTimeAndAreWhatACursorAccepts() {
        String early = AuditTrail.id(Instant.parse("2026-12-01T00:00:00.000001Z"), 0xffff_ffff_ffffL);
        String later = AuditTrail.id(Instant.parse("2026-12-01T00:00:00.000002Z"), 0);
        assertThat(early).isLessThan(later).matches(AuditQuery.ID);
        assertThat(AuditQuery.of(null, null, null, null, later, null).cursor()).isEqualTo(later);
    }
}
