package dev.beacon.it.console;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigInteger;
import java.util.regex.Pattern;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's pages follow the event stream and drive the API: a change made through the REST API shows
 * in an open page without a reload; a stale edit shows both values and lets the user choose; history rolls
 * back; a failing health check turns an instance red and its events say why; lease ids stay exact.
 */
class ConsoleLiveIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);
    private static ConsoleBrowser browser;
    private static TestHttp http;

    @BeforeAll
    static void startBrowser() {
        browser = new ConsoleBrowser();
        http = beacon.http();
    }

    @AfterAll
    static void stopBrowser() {
        browser.close();
    }

    @Test
    void aChangeThroughTheApiShowsInTheOpenPageWithoutReload() {
        http.put("/api/v1/config/live/prod/greeting", json(Map.of("value", "hello")));
        Page page = browser.open(beacon.url() + "/ui/config/live/prod", "en-US");
        assertThat(page.locator("tr[data-key=greeting] td.v")).hasText("hello");
        assertThat(page.locator("#live")).hasAttribute("data-state", "live");
        page.evaluate("() => { window.notReloaded = true; }");

        http.put("/api/v1/config/live/prod/greeting", json(Map.of("value", "你好，世界")));
        http.put("/api/v1/config/live/prod/added", json(Map.of("value", "new")));
        assertThat(page.locator("tr[data-key=greeting] td.v")).hasText("你好，世界");
        assertThat(page.locator("tr[data-key=added] td.v")).hasText("new");
        http.delete("/api/v1/config/live/prod/added");
        assertThat(page.locator("tr[data-key=added]")).hasCount(0);
        assertThat(page.evaluate("() => window.notReloaded === true")).isEqualTo(true);
        browser.assertClean();
    }

    @Test
    void coordinationAndOverviewFollowTheStream() {
        Page coord = browser.open(beacon.url() + "/ui/coord", "en-US");
        Page overview = browser.open(beacon.url() + "/ui/", "en-US");
        assertThat(coord.locator("#live")).hasAttribute("data-state", "live");
        assertThat(overview.locator("#live")).hasAttribute("data-state", "live");
        String services = overview.locator("[data-count=services] .n").innerText();

        String lease = http.post("/api/v1/locks/report", json(Map.of("ttl", 60, "owner", "host-b"))).json().get("leaseId").asText();
        http.post("/api/v1/elections/leader-of-the-day", json(Map.of("candidate", "node-b:8080", "ttl", 60)));
        http.put("/api/v1/sessions/cart-7", json(Map.of("data", Map.of("user", "ann"), "ttl", 60)));
        http.put("/api/v1/services/overview-svc/instances/one", json(Map.of("address", "10.0.0.9", "port", 9000, "ttl", 60)));

        assertThat(coord.locator("tr[data-lock=report]")).containsText("host-b");
        assertThat(coord.locator("tr[data-lock=report] .lease-id")).hasText(lease);
        assertThat(coord.locator("tr[data-election=leader-of-the-day] td.leader")).hasText("node-b:8080");
        assertThat(coord.locator("tr[data-session=cart-7]")).containsText("60 s");
        assertThat(overview.locator("[data-count=services] .n")).not().hasText(services);
        assertThat(overview.locator("td code", new Page.LocatorOptions().setHasText("/beacon/services/overview-svc/one")).first()).isVisible();

        http.delete("/api/v1/sessions/cart-7");
        assertThat(coord.locator("tr[data-session=cart-7]")).hasCount(0);
        browser.assertClean();
    }

    @Test
    void anEditWithAStaleVersionShowsBothValuesAndKeepsTheChosenOne() {
        http.put("/api/v1/config/conflict/prod/pool.size", json(Map.of("value", "10")));
        Page page = browser.open(beacon.url() + "/ui/config/conflict/prod", "en-US");
        page.locator("tr[data-key='pool.size'] button", new Page.LocatorOptions().setHasText("Edit")).click();
        page.locator("#dialog textarea[name=value]").fill("30");
        // someone else saves while the dialog is open: the console's If-Match is now stale
        http.send("PUT", "/api/v1/config/conflict/prod/pool.size", json(Map.of("value", "20")), Map.of("X-Beacon-Actor", "bob"));
        page.locator("#dialog button.primary").click();

        assertThat(page.locator("#dialog .theirs pre")).hasText("20");
        assertThat(page.locator("#dialog .mine pre")).hasText("30");
        assertThat(page.locator("#dialog .theirs h3")).containsText("bob");
        page.locator("#dialog button", new Page.LocatorOptions().setHasText("Keep mine")).click();
        assertThat(page.locator("tr[data-key='pool.size'] td.v")).hasText("30");
        assertThat(http.get("/api/v1/config/conflict/prod/pool.size").json().get("value").asText()).isEqualTo("30");
        browser.allow(p -> p.contains("409")); // the stale write answered 409, as it should
        browser.assertClean();
    }

    @Test
    void historyRollsBackToAnEarlierValueWithAComment() {
        long first = http.put("/api/v1/config/roll/prod/feature", json(Map.of("value", "off"))).json().get("modRevision").asLong();
        http.put("/api/v1/config/roll/prod/feature", json(Map.of("value", "on")));
        Page page = browser.open(beacon.url() + "/ui/config/roll/prod/feature/history", "en-US");
        assertThat(page.locator("tr[data-revision='" + first + "'] pre.diff .del")).hasText("− off\n");
        page.locator("tr[data-revision='" + first + "'] button").click();
        page.locator("#dialog input[name=comment]").fill("back to off");
        page.locator("#dialog button.primary").click();

        assertThat(page.locator("code.current")).hasText("off");
        var item = http.get("/api/v1/config/roll/prod/feature").json();
        assertThat(item.get("value").asText()).isEqualTo("off");
        assertThat(item.get("comment").asText()).isEqualTo("back to off");
        browser.assertClean();
    }

    @Test
    void aWholeProfileDocumentIsCheckedThenSavedAsOneBatchAndFilesImport() {
        http.put("/api/v1/config/doc/prod/a", json(Map.of("value", "1")));
        Page page = browser.open(beacon.url() + "/ui/config/doc/prod", "en-US");
        assertThat(page.locator("tr[data-key=a] td.v")).hasText("1");
        page.locator("button", new Page.LocatorOptions().setHasText("Edit as document")).click();
        assertThat(page.locator("#dialog textarea[name=document]")).hasValue("a=1\n");

        page.locator("#dialog select[name=format]").selectOption("json");
        assertThat(page.locator("#dialog textarea[name=document]")).hasValue(Pattern.compile("\\{\\s*\"a\"")); // shown as JSON now
        page.locator("#dialog textarea[name=document]").fill("{\"a\": \"2\", ");
        page.locator("#dialog button.primary").click();
        assertThat(page.locator("#dialog .problem")).containsText("JSON");
        page.locator("#dialog select[name=format]").selectOption("yaml");
        assertThat(page.locator("#dialog textarea[name=document]")).hasValue(Pattern.compile("^a: "));
        page.locator("#dialog textarea[name=document]").fill("a: 2\na: 3\n"); // a key twice: the server names the line
        page.locator("#dialog button.primary").click();
        assertThat(page.locator("#dialog .problem")).not().isEmpty();
        assertThat(http.get("/api/v1/config/doc/prod/a").json().get("value").asText()).isEqualTo("1");

        page.locator("#dialog textarea[name=document]").fill("a: 2\npool:\n  size: 20\n");
        page.locator("#dialog button.primary").click();
        assertThat(page.locator("tr[data-key=a] td.v")).hasText("2");
        assertThat(page.locator("tr[data-key='pool.size'] td.v")).hasText("20");

        page.locator("input[type=file]").setInputFiles(new FilePayload("extra.properties", "text/plain",
                "greeting=\\u4f60\\u597d\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(page.locator("tr[data-key=greeting] td.v")).hasText("你好");
        browser.allow(p -> p.contains("400")); // the rejected document
        browser.assertClean();
    }

    @Test
    void aFailingHealthCheckTurnsTheInstanceRedAndItsEventsSayWhy() {
        String leaseId = http.put("/api/v1/services/pay/instances/pay-1", json(Map.of("address", "127.0.0.1", "port", 8080, "ttl", 60,
                "check", Map.of("http", "http://127.0.0.1:1/health", "interval", "1s")))).json().get("leaseId").asText();
        http.put("/api/v1/services/pay/instances/pay-2", json(Map.of("address", "127.0.0.1", "port", 8081, "ttl", 60)));
        Page page = browser.open(beacon.url() + "/ui/services/pay?instance=pay-1", "en-US");

        assertThat(page.locator("tr[data-instance=pay-1]")).hasAttribute("data-status", "DOWN");
        assertThat(page.locator("tr[data-instance=pay-1] .badge")).hasText("DOWN");
        assertThat(page.locator("tr[data-instance=pay-1] td.check")).containsText("127.0.0.1:1");
        assertThat(page.locator("tr[data-type=CHECK_FAILED] td.detail").first()).containsText("http://127.0.0.1:1/health");

        // the lease id is a 64-bit number beyond JavaScript's exact integers: shown digit for digit
        assertThat(new BigInteger(leaseId)).isGreaterThan(BigInteger.TWO.pow(53));
        assertThat(page.locator("tr[data-instance=pay-1] .lease-id")).hasText(leaseId);

        page.locator("tr[data-instance=pay-2] button", new Page.LocatorOptions().setHasText("Drain")).click();
        assertThat(page.locator("tr[data-instance=pay-2]")).hasAttribute("data-status", "DRAINING");
        assertThat(http.get("/api/v1/services/pay/instances/pay-2").json().get("status").asText()).isEqualTo("DRAINING");
        page.locator("tr[data-instance=pay-2] button", new Page.LocatorOptions().setHasText("Back in service")).click();
        assertThat(page.locator("tr[data-instance=pay-2]")).hasAttribute("data-status", "UP");
        browser.assertClean();
    }

    @Test
    void anInstancesLeaseCountsDownWithoutReloadAndResetsAfterAHeartbeat() {
        http.put("/api/v1/services/tick/instances/t-1", json(Map.of("address", "127.0.0.1", "port", 9100, "ttl", 10)));
        Page page = browser.open(beacon.url() + "/ui/services/tick", "en-US");
        var left = page.locator("tr[data-instance=t-1] .lease-left");
        assertThat(left).containsText("of 10 s");
        page.evaluate("() => { window.notReloaded = true; }");

        // counted down in the page (the server is read again only every ttl/2)
        assertThat(left).hasAttribute("data-left", Pattern.compile("^[1-5]$"));
        http.put("/api/v1/services/tick/instances/t-1/heartbeat", "");
        // the keep-alive is no change on the stream: the next periodic read shows the lease's full ttl again
        assertThat(left).hasAttribute("data-left", Pattern.compile("^([6-9]|10)$"));

        // a change of the instance (registered again, with another ttl) is read at once
        http.put("/api/v1/services/tick/instances/t-1", json(Map.of("address", "127.0.0.1", "port", 9100, "ttl", 60)));
        assertThat(left).containsText("of 60 s");
        assertThat(left).hasAttribute("data-left", Pattern.compile("^(5[0-9]|60)$"));
        assertThat(page.evaluate("() => window.notReloaded === true")).isEqualTo(true);
        http.delete("/api/v1/services/tick/instances/t-1");
        assertThat(page.locator("tr[data-instance=t-1]")).hasCount(0);
        browser.allow(p -> p.contains("/api/v1/leases/")); // a read racing the deregistration may find the lease gone (404)
        browser.assertClean();
    }

    @Test
    void anApiErrorShowsItsMessageAndHint() {
        http.put("/api/v1/kv/errors/x", json(Map.of("value", "one")));
        Page page = browser.open(beacon.url() + "/ui/kv?prefix=errors/&key=errors/x", "en-US");
        page.locator("textarea[name=value]").fill("mine");
        http.put("/api/v1/kv/errors/x", json(Map.of("value", "theirs"))); // the form's revision is now stale
        page.locator("form.form button.primary").click();
        assertThat(page.locator("#errors .error strong")).containsText("errors/x");
        assertThat(page.locator("#errors .error .hint")).containsText("modRevision");
        assertThat(page.locator("#errors .error .code")).containsText("REVISION_MISMATCH");
        browser.allow(p -> p.contains("409"));
        browser.assertClean();
    }
}
