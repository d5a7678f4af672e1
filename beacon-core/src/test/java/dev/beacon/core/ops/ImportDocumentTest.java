package dev.beacon.core.ops;

import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImportDocumentTest {
    private static ImportDocument read(String json) {
        return ImportDocument.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsCurrentValuesAndSkipsHistoryMetadataAndUnknownFields() {
        ImportDocument doc = read("""
                {"format":"beacon-export","version":1,"exportedAt":"2026-12-08T00:00:00Z","sourceRevision":42,"future":{"a":[1,{"b":2}]},
                 "config":[{"app":"shop","profile":"prod","settings":{"format":"json"},"extra":true,
                            "items":[{"key":"db.url","value":"{\\"城市\\":\\"北京\\"}","version":3,"modRevision":40,
                                      "history":[{"modRevision":40,"value":"x","op":"PUT"},{"modRevision":9,"op":"DELETE","value":null}]},
                                     {"key":"a/b","value":"Grüße\\nzweite Zeile"}]},
                           {"app":"shop","profile":"dev","items":[]}],
                 "services":[{"service":"orders","settings":{"protectThreshold":0.5}}]}
                """);
        assertThat(doc.sourceRevision()).isEqualTo(42);
        assertThat(doc.exportedAt()).isEqualTo("2026-12-08T00:00:00Z");
        assertThat(doc.config()).hasSize(2);
        ImportDocument.Profile prod = doc.config().get(0);
        assertThat(prod.settings().format()).isEqualTo("json");
        assertThat(prod.items()).containsExactly(java.util.Map.entry("db.url", "{\"城市\":\"北京\"}"),
                java.util.Map.entry("a/b", "Grüße\nzweite Zeile"));
        assertThat(doc.config().get(1).settings()).isNull();
        assertThat(doc.services()).singleElement().satisfies(s -> assertThat(s.settings().protectThreshold()).isEqualTo(0.5));
    }

    @Test
    void formatAndVersionAreCheckedBeforeTheContent() {
        assertThatThrownBy(() -> read("{\"config\":[{\"app\":\"bad app\"}]}")).isInstanceOf(BeaconException.class)
                .hasMessageContaining("import document, format: is missing");
        assertThatThrownBy(() -> read("{\"format\":\"beacon-export\",\"version\":3,\"config\":[{\"app\":\"bad app\"}]}"))
                .hasMessageContaining("version 3 is not supported");
    }

    @Test
    void problemsSayWhereTheyAre() {
        String head = "{\"format\":\"beacon-export\",\"version\":1,";
        assertThatThrownBy(() -> read(head + "\"config\":[{\"app\":\"a\",\"profile\":\"p\",\"items\":[{\"key\":\"k\"}]}]}"))
                .hasMessageContaining("config[0].items[0]: needs").hasMessageContaining("(line 1, column")
                .hasMessageContaining("needs \"key\" and \"value\"");
        assertThatThrownBy(() -> read(head + "\"config\":[],\"services\":[{\"service\":\"s\",\"settings\":{\"protectThreshold\":0.1}},"
                + "{\"service\":\"s\",\"settings\":{\"protectThreshold\":0.2}}]}"))
                .hasMessageContaining("services[1]").hasMessageContaining("appears twice");
        assertThatThrownBy(() -> read(head + "\"config\":[{\"app\":\"a\",\"profile\":\"p\",\"items\":[{\"key\":\"k/history\",\"value\":\"v\"}]}]}"))
                .satisfies(e -> assertThat(((BeaconException) e).code()).isEqualTo(ErrorCode.INVALID_NAME))
                .hasMessageContaining("config[0].items[0]");
        assertThatThrownBy(() -> read(head + "\"config\":[]} trailing")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> read(head + "\"config\":[]}{}")).hasMessageContaining("after its closing brace");
        assertThatThrownBy(() -> read("")).hasMessageContaining("must be a JSON object");
    }
}
