package dev.beacon.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.api.ConfigList;
import dev.beacon.api.Item;
import dev.beacon.client.internal.Json;
import dev.beacon.client.internal.StreamSubscriber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/** A view's bookkeeping of revisions, fed by hand: exactly once, in order, across a resume. No server involved. */
class ConfigViewTest {
    private final BeaconClient client = BeaconClient.builder().servers("http://127.0.0.1:1").reportDelivery(false).build();
    private final List<ConfigEvent> heard = new ArrayList<>();
    private final Executor direct = Runnable::run;

    @AfterEach
    void close() {
        client.close();
    }

    private ConfigView view(long revision, Item... items) {
        ConfigView v = new ConfigView(client, "orders", "prod", new ConfigList("orders", "prod", revision, List.of(items)), false, Instant.now());
        v.onChange(heard::add, direct);
        return v;
    }

    private static Item item(String key, String value, long revision) {
        return new Item("orders", "prod", key, value, 1, revision, null, null, null);
    }

    private static JsonNode data(Item item) {
        return Json.MAPPER.valueToTree(item);
    }

    @Test
    void aViewResumesAfterTheRevisionItLoadedAndThenBeforeItsLastRevisionSoABatchIsNotCutInHalf() {
        ConfigView v = view(10, item("a", "1", 5));
        StreamSubscriber s = v.subscriber();
        assertThat(s.resumeAfter()).isEqualTo(10);
        s.onEvent("put", 12, data(item("b", "2", 12)));
        assertThat(s.resumeAfter()).isEqualTo(11);
    }

    @Test
    void changesReplayedAfterAResumeAreHeardOnce() {
        ConfigView v = view(10, item("a", "1", 5));
        StreamSubscriber s = v.subscriber();
        s.onEvent("put", 12, data(item("b", "2", 12)));   // first half of a batch at 12
        // the connection breaks; the resume replays all of 12, then goes on
        s.onEvent("put", 12, data(item("b", "2", 12)));
        s.onEvent("put", 12, data(item("c", "3", 12)));
        s.onEvent("put", 9, data(item("a", "0", 9)));     // older than the load: already in it
        s.onEvent("delete", 13, data(new Item("orders", "prod", "a", null, 0, 13, null, null, null)));
        assertThat(heard).extracting(ConfigEvent::key, ConfigEvent::revision)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", 12L), org.assertj.core.groups.Tuple.tuple("c", 12L),
                        org.assertj.core.groups.Tuple.tuple("a", 13L));
        assertThat(heard.get(2).deleted()).isTrue();
        assertThat(heard.get(2).oldValue()).isEqualTo("1");
        assertThat(v.values()).containsOnlyKeys("b", "c");
        assertThat(v.revision()).isEqualTo(13);
    }

    @Test
    void theViewGoesDisconnectedAndBackToLiveWithTheStream() {
        ConfigView v = view(10);
        v.subscriber().onDisconnected("test");
        assertThat(v.state()).isEqualTo(ConfigView.State.DISCONNECTED);
        assertThat(v.stale()).isTrue();
        v.subscriber().onSubscribed(10);
        assertThat(v.state()).isEqualTo(ConfigView.State.LIVE);
        v.close();
        assertThat(v.state()).isEqualTo(ConfigView.State.CLOSED);
        v.close();
    }

    @Test
    void aDeleteOfAnItemTheViewNeverHadIsNotAChange() {
        ConfigView v = view(10);
        v.subscriber().onEvent("delete", 11, data(new Item("orders", "prod", "ghost", null, 0, 11, null, null, null)));
        assertThat(heard).isEmpty();
        assertThat(v.revision()).isEqualTo(11);
    }
}
