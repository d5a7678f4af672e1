package dev.beacon.it.console;

import com.microsoft.playwright.Page;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Changes view (the former live page) and reconnection: changes made anywhere appear, update and
 * disappear without a reload; when the server restarts under open pages they say so, reconnect, and show
 * every change made while the server was down (resumed by revision). The server keeps one port across the
 * restart, as a real deployment does.
 */
class ConsoleReconnectIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd); // restart keeps the port
    private static ConsoleBrowser browser;

    @BeforeAll
    static void startBrowser() {
        browser = new ConsoleBrowser();
    }

    @AfterAll
    static void stopBrowser() {
        browser.close();
    }

    @Test
    void changesArePushedToTheChangesViewAsTheyHappen() throws Exception {
        TestHttp http = beacon.http();
        http.post("/set", json(Map.of("key", "live/existing", "value", "before")));
        Page page = browser.open(beacon.url() + "/", "en-US"); // / leads to the console
        page.locator("#nav a", new Page.LocatorOptions().setHasText("Changes")).click();
        page.locator("#prefix").fill("live/");
        page.locator("#watch button").click();
        assertThat(page).hasURL(beacon.url() + "/ui/changes?prefix=live%2F");
        assertThat(page.locator("#stream-state")).hasAttribute("data-state", "live");
        assertThat(page.locator("tr[data-key='live/existing'] .v")).hasText("before");

        http.post("/set", json(Map.of("key", "live/a", "value", "1")));
        assertThat(page.locator("tr[data-key='live/a'] .v")).hasText("1");
        etcdctl("put", "live/a", "2");
        assertThat(page.locator("tr[data-key='live/a'] .v")).hasText("2");
        http.delete("/api/v1/kv/live/existing");
        assertThat(page.locator("tr[data-key='live/existing']")).hasCount(0);

        page.locator("#key").fill("live/from-page");
        page.locator("#value").fill("typed");
        page.locator("#set button").click();
        assertThat(page.locator("tr[data-key='live/from-page'] .v")).hasText("typed");
        assertThat(page.locator("#keys tr")).hasCount(2);
        assertThat(http.get("/config/live/from-page").json().get("value").asText()).isEqualTo("typed");
        assertThat(page.locator("ol.log li").first()).containsText("live/from-page");
        browser.assertClean();
    }

    @Test
    void aServerRestartUnderOpenPagesReconnectsAndShowsEveryChangeMadeMeanwhile() throws Exception {
        TestHttp http = beacon.http();
        http.put("/api/v1/config/shop/prod/color", json(Map.of("value", "red")));
        Page config = browser.open(beacon.url() + "/ui/config/shop/prod", "en-US");
        Page changes = browser.open(beacon.url() + "/ui/changes?prefix=outage/", "en-US");
        assertThat(config.locator("tr[data-key=color] td.v")).hasText("red");
        assertThat(config.locator("#live")).hasAttribute("data-state", "live");
        assertThat(changes.locator("#stream-state")).hasAttribute("data-state", "live");

        int port = beacon.server().port();
        beacon.stop(0);
        assertThat(config.locator("#live")).not().hasAttribute("data-state", "live");
        assertThat(changes.locator("#stream-state")).not().hasAttribute("data-state", "live");
        // changes while no Beacon server runs, straight into etcd
        etcdctl("put", "/beacon/config/shop/prod/color", "blue");
        etcdctl("put", "/beacon/config/shop/prod/size", "XL");
        etcdctl("put", "outage/one", "1");
        etcdctl("put", "outage/two", "2");
        etcdctl("del", "outage/one");
        beacon.restart(0);

        assertThat(config.locator("#live")).hasAttribute("data-state", "live");
        assertThat(config.locator("tr[data-key=color] td.v")).hasText("blue");
        assertThat(config.locator("tr[data-key=size] td.v")).hasText("XL");
        assertThat(changes.locator("#stream-state")).hasAttribute("data-state", "live");
        assertThat(changes.locator("tr[data-key='outage/two'] .v")).hasText("2");
        assertThat(changes.locator("tr[data-key='outage/one']")).hasCount(0);
        assertThat(changes.locator("ol.log li")).hasCount(3);
        assertThat(beacon.server().port()).isEqualTo(port);
        // while the server was away the streams' reconnects failed, as they must: nothing else went wrong
        browser.allow(p -> p.contains("/api/v1/events") || p.contains("ERR_CONNECTION_REFUSED") || p.contains("/api/v1/kv"));
        browser.assertClean();
    }

    private static void etcdctl(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 2];
        cmd[0] = "etcdctl";
        cmd[1] = "--endpoints=" + String.join(",", etcd.endpoints());
        System.arraycopy(args, 0, cmd, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "3");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("etcdctl %s: %s", String.join(" ", args), out).isZero();
    }
}
