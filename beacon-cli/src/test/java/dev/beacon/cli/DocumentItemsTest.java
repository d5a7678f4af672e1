package dev.beacon.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentItemsTest {
    @Test
    void readsPropertiesYamlAndJsonIntoTheSameItems() {
        Map<String, String> expected = Map.of("db.url", "jdbc:x", "db.pool", "5", "greeting", "你好", "regions[0]", "eu", "regions[1]", "us");
        assertThat(DocumentItems.parse("db.url=jdbc:x\ndb.pool=5\ngreeting=\\u4F60\\u597D\nregions[0]=eu\nregions[1]=us\n", "properties")).isEqualTo(expected);
        assertThat(DocumentItems.parse("db:\n  url: jdbc:x\n  pool: 5\ngreeting: 你好\nregions: [eu, us]\n", "yaml")).isEqualTo(expected);
        assertThat(DocumentItems.parse("{\"db\":{\"url\":\"jdbc:x\",\"pool\":5},\"greeting\":\"你好\",\"regions\":[\"eu\",\"us\"]}", "json")).isEqualTo(expected);
    }

    @Test
    void refusesADocumentThatIsNotAMapOrDefinesAKeyTwice() {
        assertThatThrownBy(() -> DocumentItems.parse("[1,2]", "json")).hasMessageContaining("must be a map");
        assertThatThrownBy(() -> DocumentItems.parse("{\"a.b\":1,\"a\":{\"b\":2}}", "json")).hasMessageContaining("'a.b' twice");
        assertThatThrownBy(() -> DocumentItems.parse("  ", "yaml")).hasMessageContaining("empty");
        assertThatThrownBy(() -> DocumentItems.parse("{\"a\":", "json")).hasMessageContaining("does not parse");
    }

    @Test
    void aDiffListsAddedAndChangedItemsAndCountsTheRest() {
        ConfigDiff diff = ConfigDiff.of("shop", "prod", 9, Map.of("a", "1", "b", "2", "c", "3"), Map.of("a", "1", "b", "20", "d", "4"));
        assertThat(diff.added()).containsExactly(Map.entry("d", "4"));
        assertThat(diff.changed()).containsExactly(Map.entry("b", new ConfigDiff.Change("2", "20")));
        assertThat(diff.unchanged()).isEqualTo(1);
        assertThat(diff.empty()).isFalse();
    }
}
