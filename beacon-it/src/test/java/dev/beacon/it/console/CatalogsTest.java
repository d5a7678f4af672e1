package dev.beacon.it.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's two catalogs say the same things: a key in one is in the other, every key the code asks for
 * with {@code t('...')} exists, no catalog text is empty, and both carry the same {placeholders}.
 */
class CatalogsTest {
    private static final Pattern USE = Pattern.compile("\\bt\\(\\s*'([^']+)'");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    @Test
    void bothCatalogsHaveTheSameKeysAndPlaceholders() throws IOException {
        Map<String, String> en = read("en");
        Map<String, String> zh = read("zh-CN");
        assertThat(zh.keySet()).as("keys of zh-CN.json vs en.json").containsExactlyInAnyOrderElementsOf(en.keySet());
        en.forEach((key, text) -> {
            assertThat(text).as(key).isNotBlank();
            assertThat(zh.get(key)).as(key).isNotBlank();
            assertThat(placeholders(zh.get(key))).as("placeholders of %s", key).isEqualTo(placeholders(text));
        });
    }

    @Test
    void everyKeyTheCodeUsesIsInTheCatalogs() throws IOException {
        Map<String, String> en = read("en");
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Catalogs.DIR.resolve("js"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".js")).toList()) {
                Matcher m = USE.matcher(Files.readString(f));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        assertThat(used).as("keys used in the console's code").isNotEmpty();
        assertThat(en.keySet()).as("catalog keys").containsAll(used);
    }

    @Test
    void theKeyScanFindsAMissingKey() {
        Matcher m = USE.matcher("x = t('nav.nowhere') + t( 'overview.title', {n})");
        Set<String> found = new TreeSet<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        assertThat(found).containsExactly("nav.nowhere", "overview.title");
    }

    private static Map<String, String> read(String lang) throws IOException {
        return new ObjectMapper().readValue(Files.readString(Catalogs.DIR.resolve("i18n/" + lang + ".json")), Catalogs.MAP);
    }

    private static Set<String> placeholders(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
