package dev.beacon.it.console;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.beacon.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every console page from its deep link, in a real Chromium against a real etcd and Beacon: it renders,
 * makes no failed request and logs no error; switching to 简体中文 leaves no English label on any page.
 * With {@code -Dbeacon.screenshots=<dir>} it also stores a 1280×800 screenshot of each page in both languages.
 */
class ConsolePagesIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);
    private static ConsoleBrowser browser;

    /** Deep link → what the page shows once it has loaded (a selector). */
    private static final Map<String, String> PAGES = new LinkedHashMap<>();

    static {
        PAGES.put("overview", "/ui/|[data-count=apps]");
        PAGES.put("config", "/ui/config|a.chip");
        PAGES.put("config-profile", "/ui/config/shop/prod|tr[data-key='db.url']");
        PAGES.put("config-history", "/ui/config/shop/prod/db.url/history|tr[data-revision]");
        PAGES.put("services", "/ui/services|tr[data-service=orders]");
        PAGES.put("service", "/ui/services/orders?instance=orders-1|tr[data-type=REGISTERED]");
        PAGES.put("kv", "/ui/kv?prefix=/beacon/config/shop/&key=/beacon/config/shop/prod/db.url|textarea[name=value]");
        PAGES.put("coord", "/ui/coord|tr[data-lock=nightly]");
        PAGES.put("doctor", "/ui/doctor|[data-state=unavailable], tr[data-check]");
        PAGES.put("changes", "/ui/changes?prefix=app/|tr[data-key='app/greeting']");
        PAGES.put("audit", "/ui/audit?target=shop/prod/*|tr[data-action='config.put'][data-target='shop/prod/db.url']");
    }

    @BeforeAll
    static void seedAndStartBrowser() {
        TestHttp http = beacon.http();
        http.put("/api/v1/config/shop/prod/db.url", json(Map.of("value", "jdbc:postgresql://db/shop", "comment", "first")));
        http.put("/api/v1/config/shop/prod/db.url", json(Map.of("value", "jdbc:postgresql://db2/shop", "comment", "new primary")));
        http.put("/api/v1/config/shop/prod/db.password", json(Map.of("value", "s3cret")));
        http.put("/api/v1/config/shop/default/greeting", json(Map.of("value", "你好")));
        http.put("/api/v1/services/orders/instances/orders-1", json(Map.of("address", "10.0.0.5", "port", 8080, "ttl", 300,
                "tags", List.of("v2"), "metadata", Map.of("zone", "eu-1a"))));
        http.post("/api/v1/locks/nightly", json(Map.of("ttl", 300, "owner", "host-a")));
        http.post("/api/v1/elections/scheduler", json(Map.of("candidate", "node-a:8080", "ttl", 300)));
        http.put("/api/v1/sessions/cart-42", json(Map.of("data", Map.of("user", "ann"), "ttl", 300)));
        http.put("/api/v1/kv/app/greeting", json(Map.of("value", "hello")));
        browser = new ConsoleBrowser();
    }

    @AfterAll
    static void stopBrowser() {
        browser.close();
    }

    @Test
    void everyPageRendersFromItsDeepLinkWithoutErrorsInBothLanguages() throws IOException {
        Set<String> englishOnly = englishOnlyLabels();
        Page page = browser.open(beacon.url() + "/ui/", "en-US");
        assertThat(page.locator("#live")).hasAttribute("data-state", "live");
        for (String lang : List.of("en", "zh-CN")) {
            if (lang.equals("zh-CN")) {
                page.selectOption("#lang", "zh-CN");
                assertThat(page.locator("html")).hasAttribute("lang", "zh-CN");
            }
            for (var e : PAGES.entrySet()) {
                String[] linkAndSign = e.getValue().split("\\|");
                page.navigate(beacon.url() + linkAndSign[0]); // a reload: the language must survive it
                assertThat(page.locator(linkAndSign[1]).first()).isVisible();
                if (e.getKey().equals("overview")) { // the latest changes stream in
                    assertThat(page.locator("#live")).hasAttribute("data-state", "live");
                    beacon.http().put("/api/v1/config/shop/prod/pool.size", json(Map.of("value", lang.equals("en") ? "20" : "30")));
                    assertThat(page.locator("td code", new Page.LocatorOptions().setHasText("/beacon/config/shop/prod/pool.size")).first()).isVisible();
                }
                assertThat(page.locator("#main h1")).isVisible();
                List<String> left = visibleLines(page).stream().filter(englishOnly::contains).toList();
                if (lang.equals("en")) {
                    assertThat(left).as("English labels on %s", e.getKey()).isNotEmpty();
                } else {
                    assertThat(left).as("English labels left on %s after switching to 简体中文", e.getKey()).isEmpty();
                }
                screenshot(page, e.getKey() + "-" + lang);
            }
        }
        browser.allow(p -> p.contains("/api/v1/doctor")); // the doctor endpoint arrives with the operations issue
        browser.assertClean();
    }

    @Test
    void theAuditPageFiltersByTheFormAndPagesBackThroughOlderRecords() {
        TestHttp http = beacon.http();
        for (int i = 0; i < 103; i++) {
            http.send("PUT", "/api/v1/config/many/dev/k" + i, json(Map.of("value", "v" + i)), Map.of("X-Beacon-Actor", "bulk-writer"));
        }
        Page page = browser.open(beacon.url() + "/ui/audit?actor=bulk-writer", "en-US");
        var rows = page.locator("tr[data-action]");
        assertThat(page.locator("tr[data-target='many/dev/k102']")).isVisible(); // newest first
        assertThat(rows).hasCount(100);
        assertThat(page.locator("#audit-older")).isVisible();
        page.locator("#audit-older").click();
        assertThat(rows).hasCount(103);
        assertThat(page.locator("tr[data-target='many/dev/k0']")).isVisible();
        assertThat(page.locator("#audit-older")).isHidden();

        page.locator("#audit-actor").fill("");
        page.locator("#audit-target").fill("shop/prod/db.password");
        page.locator("#audit-filter button[type=submit]").click();
        assertThat(page.locator("tr[data-target='shop/prod/db.password']")).hasCount(1);
        assertThat(rows).hasCount(1);
        assertThat(page.locator("#audit-older")).isHidden();
        org.assertj.core.api.Assertions.assertThat(page.url()).contains("target=shop%2Fprod%2Fdb.password");
        browser.assertClean();
    }

    @Test
    void theKeysPagePagesThroughMoreKeysThanOnePageAndKeepsTheTreeLazy() {
        TestHttp http = beacon.http();
        for (String k : List.of("p0", "p1", "p2", "p3", "p4", "p5", "p6", "sub/a", "sub/b")) {
            http.put("/api/v1/kv/pages/" + k, json(Map.of("value", k)));
        }
        Page page = browser.open(beacon.url() + "/ui/kv?prefix=pages/&limit=3", "en-US");
        var keys = page.locator("ul.tree > li");
        assertThat(page.locator("li[data-key='pages/p0']")).isVisible();
        assertThat(keys).hasCount(3);
        assertThat(page.locator(".pager .page-no")).hasText("Page 1");
        assertThat(page.locator(".pager .first-page")).hasCount(0);

        page.locator(".pager .next-page").click();
        assertThat(page.locator(".pager .page-no")).hasText("Page 2");
        assertThat(page.locator("li[data-key='pages/p3']")).isVisible();
        assertThat(keys).hasCount(3);
        assertThat(page.locator("li[data-key='pages/p0']")).hasCount(0);

        page.locator(".pager .next-page").click();
        assertThat(page.locator(".pager .page-no")).hasText("Page 3");
        assertThat(page.locator("li[data-key='pages/p6']")).isVisible();
        // the last page: sub/a and sub/b are one folder, opened lazily by its own prefix; nothing comes next
        assertThat(page.locator("li.folder a")).hasText("sub/");
        assertThat(page.locator(".pager .next-page")).hasCount(0);
        page.reload(); // the page is a deep link
        assertThat(page.locator("li[data-key='pages/p6']")).isVisible();

        page.locator(".pager .first-page").click();
        assertThat(page.locator("li[data-key='pages/p0']")).isVisible();
        assertThat(page.locator(".pager .page-no")).hasText("Page 1");
        page.locator("select[name=limit]").selectOption("50");
        assertThat(keys).hasCount(8); // seven keys and the folder on one page
        assertThat(page.locator(".pager")).hasCount(0);
        browser.assertClean();
    }

    @Test
    void thePhoneLayoutShowsTheSameConsole() {
        Page page = browser.open(beacon.url() + "/ui/config/shop/prod", "en-US", 390, 844);
        assertThat(page.locator("tr[data-key='db.url']")).isVisible();
        assertThat(page.locator("#nav a[aria-current=page]")).hasText("Config");
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth");
        assertThat(overflow).as("no sideways scrolling of the page itself").isEqualTo(true);
        page.keyboard().press("Tab");
        assertThat(page.locator("#skip")).isFocused();
        browser.assertClean();
    }

    private static List<String> visibleLines(Page page) {
        List<String> lines = new ArrayList<>();
        for (String line : page.locator("body").innerText().split("\n")) {
            String s = line.strip();
            if (!s.isEmpty()) {
                lines.add(s);
            }
        }
        return lines;
    }

    /** The English texts of the catalog that 简体中文 says differently (e.g. "Save" but not "TTL"). */
    private static Set<String> englishOnlyLabels() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, String> en = mapper.readValue(Files.readString(Catalogs.DIR.resolve("i18n/en.json")), Catalogs.MAP);
        Map<String, String> zh = mapper.readValue(Files.readString(Catalogs.DIR.resolve("i18n/zh-CN.json")), Catalogs.MAP);
        Set<String> out = new HashSet<>();
        en.forEach((k, v) -> {
            if (!v.equals(zh.get(k)) && !v.contains("{")) {
                out.add(v);
            }
        });
        return out;
    }

    private static void screenshot(Page page, String name) throws IOException {
        String dir = System.getProperty("beacon.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path target = Path.of(dir);
        Files.createDirectories(target);
        page.locator("#live[data-state=live]").waitFor();
        page.screenshot(new Page.ScreenshotOptions().setPath(target.resolve(name + ".png")));
    }
}
