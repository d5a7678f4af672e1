package dev.beacon.it.events;

import dev.beacon.testkit.TestHttp;

import java.util.Map;

import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Writes raw keys through Beacon's API, as the event tests' changes. */
final class RawKeys {
    private RawKeys() {
    }

    /** Puts {@code key} and returns the revision etcd acknowledged for it. */
    static long put(TestHttp http, String key, String value) {
        TestHttp.Answer a = http.put("/api/v1/kv/" + key, json(Map.of("value", value)));
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        return a.json().get("modRevision").asLong();
    }
}
