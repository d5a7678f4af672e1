package dev.beacon.it.console;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How the server hands out the console: UTF-8 on every text type, deep links answer the page, / leads to /ui/. */
class ConsoleFilesIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /ui/                                     | 200 | text/html;charset=utf-8           | <script type="module"
            /ui/index.html                           | 200 | text/html;charset=utf-8           | <script type="module"
            /ui/config/shop/prod/db.url/history      | 200 | text/html;charset=utf-8           | <script type="module"
            /ui/services/orders?instance=o-1         | 200 | text/html;charset=utf-8           | <script type="module"
            /ui/kv?prefix=/beacon/                   | 200 | text/html;charset=utf-8           | <script type="module"
            /ui/js/app.js                            | 200 | text/javascript;charset=utf-8     | import
            /ui/css/console.css                      | 200 | text/css;charset=utf-8            | :root
            /ui/i18n/zh-CN.json                      | 200 | application/json;charset=utf-8    | "nav.overview": "概览"
            """)
    void consoleFilesAndDeepLinksAnswerInUtf8(String path, int status, String type, String body) {
        TestHttp.Answer a = beacon.http().send("GET", path, null, Map.of("Accept", "text/html,*/*"));
        assertThat(a.status()).isEqualTo(status);
        assertThat(a.header("Content-Type").replace(" ", "").toLowerCase()).isEqualTo(type);
        assertThat(a.text()).contains(body);
    }

    @ParameterizedTest(name = "{0} redirects to /ui/")
    @CsvSource({"/", "/ui"})
    void theRootLeadsToTheConsole(String path) {
        TestHttp.Answer a = beacon.http().get(path);
        assertThat(a.status()).isEqualTo(302);
        assertThat(a.header("Location")).isEqualTo("/ui/");
    }

    @ParameterizedTest(name = "{0} stays an API 404")
    @CsvSource({"/api/v1/nope", "/nope"})
    void pathsOutsideTheConsoleStayJsonErrors(String path) {
        TestHttp.Answer a = beacon.http().get(path);
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.json().get("code").asText()).isEqualTo("NO_SUCH_ENDPOINT");
    }
}
