package dev.beacon.it.browser;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.beacon.testkit.TestHttp.json;

/** The live page in a real Chromium: changes made anywhere appear, update and disappear without a reload. */
class LivePageIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);
    private static Browser browser;

    @BeforeAll
    static void startBrowser() {
        browser = new Browser();
    }

    @AfterAll
    static void stopBrowser() {
        browser.close();
    }

    @Test
    void changesArePushedToThePageAsTheyHappen() throws Exception {
        TestHttp http = beacon.http();
        http.post("/set", json(Map.of("key", "live/existing", "value", "before")));
        Page page = browser.open(beacon.url() + "/?prefix=live/");
        assertThat(page.locator("#status")).hasText("live");
        assertThat(page.locator("tr[data-key='live/existing'] .v")).hasText("before");

        http.post("/set", json(Map.of("key", "live/a", "value", "1")));
        assertThat(page.locator("tr[data-key='live/a'] .v")).hasText("1");

        etcdctlPut("live/a", "2");
        assertThat(page.locator("tr[data-key='live/a'] .v")).hasText("2");

        http.delete("/api/v1/kv/live/existing");
        assertThat(page.locator("tr[data-key='live/existing']")).hasCount(0);

        page.fill("#key", "live/from-page");
        page.fill("#value", "typed");
        page.click("#set button");
        assertThat(page.locator("tr[data-key='live/from-page'] .v")).hasText("typed");
        PlaywrightAssertions.assertThat(page.locator("#keys tr")).hasCount(2);
        org.assertj.core.api.Assertions.assertThat(http.get("/config/live/from-page").json().get("value").asText()).isEqualTo("typed");
    }

    private static void etcdctlPut(String key, String value) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("etcdctl", "--endpoints=" + String.join(",", etcd.endpoints()), "put", key, value)
                .redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "3");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("etcdctl failed: " + out);
        }
    }
}
