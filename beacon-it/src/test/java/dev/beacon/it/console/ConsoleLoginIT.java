package dev.beacon.it.console;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import dev.beacon.server.auth.AuthSettings;
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
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console on an auth-on server, in Chromium: the sign-in form on 401, a wrong token refused, sign-in with a token
 * (an HttpOnly SameSite=Strict cookie valid on every server), a write through the console (with its CSRF header),
 * a cookie write without the CSRF header refused (403, nothing written), sign-out ending the session.
 */
class ConsoleLoginIT {
    static final String ADMIN = "it-admin-token-0123456789-abcdefghij";
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd, 2)
            .with(s -> s.toBuilder().auth(AuthSettings.defaults().withAdminToken(ADMIN)).build());
    private static ConsoleBrowser browser;

    @BeforeAll
    static void startBrowser() {
        browser = new ConsoleBrowser();
    }

    @AfterAll
    static void stopBrowser() {
        browser.close();
    }

    private static String write(Page page, String path, String value, boolean withCsrf) {
        return (String) page.evaluate("async ([path, value, withCsrf]) => {"
                + " if (withCsrf) { const m = await import('/ui/js/api.js');"
                + "   try { const r = await m.call('PUT', path, { body: { value } }); return String(r.status); }"
                + "   catch (e) { return e.status + ' ' + e.code; } }"
                + " const r = await fetch(path, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ value }) });"
                + " const b = await r.json(); return r.status + ' ' + b.code; }", java.util.List.of(path, value, withCsrf));
    }

    @Test
    void signInWriteCsrfRefusalAndSignOut() {
        TestHttp admin = beacon.http(0);
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + ADMIN);
        assertThat(admin.send("PUT", "/api/v1/config/shop/prod/greeting", "{\"value\":\"hello\"}", bearer).status()).isEqualTo(200);

        Page page = browser.open(beacon.url(0) + "/ui/config/shop/prod", "en-US");
        assertThat(page.locator("#login-form")).isVisible();
        assertThat(page.locator("#login-form h1")).hasText("Sign in");
        page.locator("#login-token").fill("bkn_0123456789abcdef_" + "C".repeat(43));
        page.locator("#login-form button[type=submit]").click();
        assertThat(page.locator("#login-error")).containsText("unknown, revoked or expired");

        page.locator("#login-token").fill(ADMIN);
        page.locator("#login-form button[type=submit]").click();
        assertThat(page.locator("#who")).hasText("admin (admin)");
        assertThat(page.locator("tr[data-key=greeting] td.v")).hasText("hello");
        assertThat(page.locator("#live")).hasAttribute("data-state", "live");

        Cookie session = page.context().cookies().stream().filter(c -> c.name.equals("beacon_session")).findFirst().orElseThrow();
        assertThat(session.httpOnly).isTrue();
        assertThat(session.sameSite).isEqualTo(SameSiteAttribute.STRICT);
        assertThat(session.value).doesNotContain(ADMIN);
        assertThat((String) page.evaluate("() => document.cookie")).doesNotContain("beacon_session");
        // the session is on etcd: the other server takes the cookie too
        TestHttp.Answer other = beacon.http(1).send("GET", "/api/v1/config/shop/prod", null, Map.of("Cookie", "beacon_session=" + session.value));
        assertThat(other.status()).as(other.text()).isEqualTo(200);

        // a write through the console carries its CSRF token; the page follows it live
        assertThat(write(page, "/api/v1/config/shop/prod/greeting", "你好，世界", true)).isEqualTo("200");
        assertThat(page.locator("tr[data-key=greeting] td.v")).hasText("你好，世界");
        assertThat(admin.send("GET", "/api/v1/config/shop/prod/greeting", null, bearer).json().path("updatedBy").asText()).isEqualTo("admin");
        // the same cookie without the CSRF header: refused, nothing written
        assertThat(write(page, "/api/v1/config/shop/prod/greeting", "forged", false)).isEqualTo("403 FORBIDDEN");
        assertThat(admin.send("GET", "/api/v1/config/shop/prod/greeting", null, bearer).json().path("value").asText()).isEqualTo("你好，世界");
        browser.allow(p -> p.contains("403"));

        page.locator("#logout").click();
        assertThat(page.locator("#login-form")).isVisible();
        assertThat(etcd.probe().count("/beacon/auth/sessions/")).isZero();
        assertThat(beacon.http(1).send("GET", "/api/v1/config/shop/prod", null, Map.of("Cookie", "beacon_session=" + session.value)).status())
                .isEqualTo(401);
        browser.allow(p -> p.contains("401") && p.contains("/api/v1/auth/login")); // the wrong token, on purpose
        browser.assertClean();
    }

    @Test
    void theSignInFormSpeaksChinese() {
        Page page = browser.open(beacon.url(1) + "/ui/", "zh-CN");
        assertThat(page.locator("#login-form h1")).hasText("登录");
        assertThat(page.locator("#login-form button[type=submit]")).hasText("登录");
        browser.assertClean();
    }
}
