package dev.beacon.it.console;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's Chromium driven by Playwright, headless, without any browser download (./test.sh installs the
 * chromium package). One per test class; close it after. Every page it opens records its console errors,
 * uncaught exceptions, failed requests and 4xx/5xx answers, so a test can say "none of that happened"
 * ({@link #assertClean}) after allowing the ones it provoked on purpose.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("BEACON_CHROMIUM", "/usr/bin/chromium"));

    private final Playwright playwright;
    private final Browser browser;
    private final List<String> problems = new CopyOnWriteArrayList<>();

    ConsoleBrowser() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(CHROMIUM + " not found: install Debian's chromium (./test.sh does) or set BEACON_CHROMIUM");
        }
        // the machine is shared: give conditions time to come true (a wait, never a sleep)
        PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                        "--no-first-run", "--disable-component-update", "--disable-sync")));
    }

    /** A fresh page (own cookies and localStorage) at 1280×800 whose browser language is {@code locale}. */
    Page open(String url, String locale) {
        return open(url, locale, 1280, 800);
    }

    Page open(String url, String locale, int width, int height) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setLocale(locale).setViewportSize(width, height));
        Page page = context.newPage();
        page.setDefaultTimeout(15_000);
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                problems.add("console error: " + m.text() + " at " + m.location());
            }
        });
        page.onPageError(e -> problems.add("uncaught: " + e));
        page.onRequestFailed(r -> {
            if (!r.url().contains("/api/v1/events")) { // a stream cut by navigation or a closed page is not a failure
                problems.add("request failed: " + r.method() + " " + r.url() + " " + r.failure());
            }
        });
        page.onResponse(r -> {
            if (r.status() >= 400) {
                problems.add("answer " + r.status() + ": " + r.request().method() + " " + r.url());
            }
        });
        page.navigate(url);
        return page;
    }

    /** Forgets the recorded problems that match (those a test provoked on purpose). */
    void allow(Predicate<String> expected) {
        problems.removeIf(expected);
    }

    void assertClean() {
        assertThat(problems).as("console errors and failed requests").isEmpty();
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
