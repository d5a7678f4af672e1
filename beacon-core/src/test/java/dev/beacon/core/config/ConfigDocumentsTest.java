package dev.beacon.core.config;

import dev.beacon.core.BeaconException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigDocumentsTest {
    static SortedMap<String, String> tricky() {
        SortedMap<String, String> m = new TreeMap<>();
        m.put("a", "1");
        m.put("a.b", "2");
        m.put("a.b.c", "3");
        m.put("x.y.z", "deep");
        m.put("port", "8080");
        m.put("flag", "true");
        m.put("empty", "");
        m.put("nullish", "null");
        m.put("tilde", "~");
        m.put("decimal", "1.10");
        m.put(" lead", " spaced value ");
        m.put("k=v:w #x !y", "=:#!\\");
        m.put("uni", "grüß — 你好 🙂");
        m.put("multi", "l1\nl2\r\n\tl3");
        m.put("list[0]", "x");
        m.put("odd..dots", "literal");
        m.put(".lead", "dot");
        m.put("yaml.special", "- not a list: {x}");
        return m;
    }

    @ParameterizedTest
    @EnumSource(DocumentFormat.class)
    void renderThenParseGivesTheSameItems(DocumentFormat format) {
        String doc = ConfigDocuments.render(tricky(), format);
        assertThat(ConfigDocuments.parse(doc, format)).as(doc).isEqualTo(tricky());
    }

    @Test
    void propertiesEscapeKeysValuesAndUnicodeAsAscii() {
        SortedMap<String, String> m = new TreeMap<>(Map.of("a key=x", " v:1#2", "ü", "✓"));
        String doc = ConfigDocuments.render(m, DocumentFormat.PROPERTIES);
        assertThat(doc).isEqualTo("a\\ key\\=x=\\ v\\:1\\#2\n\\u00FC=\\u2713\n");
        assertThat(doc.chars()).allMatch(c -> c < 0x80);
    }

    @Test
    void aKeyThatIsAlsoAPrefixKeepsItsValueAndTheLongerKeysStayFlat() {
        SortedMap<String, String> m = new TreeMap<>(Map.of("a", "1", "a.b", "2", "a.b.c", "3", "x.port", "4"));
        assertThat(ConfigDocuments.nest(m)).isEqualTo(Map.of("a", "1", "a.b", "2", "a.b.c", "3", "x", Map.of("port", "4")));
        assertThat(ConfigDocuments.render(m, DocumentFormat.YAML)).isEqualTo("a: \"1\"\na.b: \"2\"\na.b.c: \"3\"\nx:\n  port: \"4\"\n");
    }

    @Test
    void importFlattensMapsWithDotsAndListsWithIndexes() {
        assertThat(ConfigDocuments.parse("server:\n  port: 8080\nhosts: [a, b]\nnone:\nratio: 1.10\n", DocumentFormat.YAML))
                .isEqualTo(Map.of("server.port", "8080", "hosts[0]", "a", "hosts[1]", "b", "none", "", "ratio", "1.10"));
        assertThat(ConfigDocuments.parse("{\"a\":{\"b\":[1,{\"c\":true}]},\"n\":null,\"d\":1.50}", DocumentFormat.JSON))
                .isEqualTo(Map.of("a.b[0]", "1", "a.b[1].c", "true", "n", "", "d", "1.50"));
    }

    @Test
    void badDocumentsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ConfigDocuments.parse("[1]", DocumentFormat.JSON)).isInstanceOf(BeaconException.class)
                .hasMessageContaining("map of keys");
        assertThatThrownBy(() -> ConfigDocuments.parse("a: [1\n", DocumentFormat.YAML)).hasMessageContaining("does not parse");
        assertThatThrownBy(() -> ConfigDocuments.parse("a: 1\n---\nb: 2\n", DocumentFormat.YAML)).hasMessageContaining("more than one");
        assertThatThrownBy(() -> ConfigDocuments.parse("{\"a.b\":1,\"a\":{\"b\":2}}", DocumentFormat.JSON)).hasMessageContaining("twice");
        assertThatThrownBy(() -> ConfigDocuments.parse(" \n", DocumentFormat.PROPERTIES)).hasMessageContaining("empty");
        assertThatThrownBy(() -> DocumentFormat.of("toml")).hasMessageContaining("properties, yaml or json");
    }
}
