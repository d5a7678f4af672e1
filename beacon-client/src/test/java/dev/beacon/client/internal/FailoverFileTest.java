package dev.beacon.client.internal;

import dev.beacon.api.ConfigList;
import dev.beacon.api.Item;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailoverFileTest {
    @TempDir Path dir;

    @Test
    void whatIsWrittenIsReadBackWithUnicodeIntactAndNoTemporaryFileLeft() throws Exception {
        FailoverFile file = new FailoverFile(dir, "orders", "prod");
        ConfigList state = new ConfigList("orders", "prod", 42, List.of(
                new Item("orders", "prod", "greeting", "Grüße, 你好", 1, 40, null, null, null)));
        file.write(state);
        file.write(state);
        assertThat(file.read()).contains(state);
        assertThat(file.path()).isEqualTo(dir.resolve("config/orders/prod.json"));
        try (var files = Files.list(file.path().getParent())) {
            assertThat(files).containsExactly(file.path());
        }
    }

    @Test
    void aMissingOrCorruptFileReadsAsEmpty() throws Exception {
        FailoverFile file = new FailoverFile(dir, "orders", "prod");
        assertThat(file.read()).isEmpty();
        Files.createDirectories(file.path().getParent());
        Files.writeString(file.path(), "{not json");
        assertThat(file.read()).isEmpty();
    }

    @Test
    void namesThatWouldLeaveTheCacheDirectoryAreRefused() {
        assertThatThrownBy(() -> new FailoverFile(dir, "..", "prod")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FailoverFile(dir, "orders", "a/b")).isInstanceOf(IllegalArgumentException.class);
    }
}
