package dev.beacon.core.coord;

import dev.beacon.api.Leader;
import dev.beacon.api.Leadership;
import dev.beacon.core.watch.ChangeEvent;
import dev.beacon.core.watch.Entry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LeaderTrackerTest {
    private static final String PREFIX = "/beacon/elections/e/";

    private static Entry candidate(String name, long lease, long createRevision) {
        return new Entry(PREFIX + Long.toHexString(lease), name, createRevision, createRevision, 1, lease);
    }

    private static ChangeEvent put(Entry e) {
        return new ChangeEvent(ChangeEvent.Type.PUT, e.key(), e.value(), e.modRevision(), e, null);
    }

    private static ChangeEvent delete(Entry e, long revision) {
        return new ChangeEvent(ChangeEvent.Type.DELETE, e.key(), null, revision, null, e);
    }

    @Test
    void theSeedsLowestCreateRevisionLeads() {
        LeaderTracker t = LeaderTracker.of("e", List.of(candidate("b", 2, 20), candidate("a", 1, 10)), 25);

        assertThat(t.current()).isEqualTo(new Leadership("e", new Leader("a", 1, 10), 2, 25));
        assertThat(t.seededAt()).isEqualTo(25);
    }

    @Test
    void aNewCandidateBehindTheLeaderIsNoLeadershipChange() {
        LeaderTracker t = LeaderTracker.of("e", List.of(candidate("a", 1, 10)), 10);

        assertThat(t.apply(put(candidate("b", 2, 11)))).isEmpty();
        assertThat(t.current().candidates()).isEqualTo(2);
    }

    @Test
    void theLeadersKeyGoingHandsLeadershipToTheNextCandidateThenToNobody() {
        Entry a = candidate("a", 1, 10);
        Entry b = candidate("b", 2, 11);
        LeaderTracker t = LeaderTracker.of("e", List.of(a, b), 11);

        Optional<Leadership> afterA = t.apply(delete(a, 12));
        Optional<Leadership> afterB = t.apply(delete(b, 13));

        assertThat(afterA).contains(new Leadership("e", new Leader("b", 2, 11), 1, 12));
        assertThat(afterB).contains(new Leadership("e", null, 0, 13));
    }

    @Test
    void theFirstCandidateOfAnEmptyElectionLeadsAtOnce() {
        LeaderTracker t = LeaderTracker.of("e", List.of(), 5);

        assertThat(t.applyAll(List.of(put(candidate("a", 1, 6)), put(candidate("b", 2, 7)))))
                .containsExactly(new Leadership("e", new Leader("a", 1, 6), 1, 6));
    }

    @Test
    void changesTheSeedAlreadyHoldsAreIgnored() {
        Entry a = candidate("a", 1, 10);
        LeaderTracker t = LeaderTracker.of("e", List.of(candidate("b", 2, 12)), 12);

        assertThat(t.apply(put(a))).isEmpty();
        assertThat(t.apply(delete(a, 11))).isEmpty();
        assertThat(t.current().leader().candidate()).isEqualTo("b");
    }
}
