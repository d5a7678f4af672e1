package dev.beacon.cli;

import dev.beacon.api.KvWritten;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class PrinterTest {
    private static String print(Printer.Format format, Object data, Printer.Table table, String plain) {
        StringWriter s = new StringWriter();
        new Printer(format, new PrintWriter(s)).print(data, table, plain);
        return s.toString();
    }

    @Test
    void tableAlignsColumnsCountingChineseCharactersAsTwoColumns() {
        Printer.Table t = new Printer.Table("KEY", "VALUE", "REV").row("greeting", "你好", 7).row("k", "abc", 12);
        String out = print(Printer.Format.table, null, t, null);
        assertThat(out.split("\n")).containsExactly(
                "KEY       VALUE  REV",
                "greeting  你好   7",
                "k         abc    12");
    }

    @Test
    void plainPrintsTabSeparatedRowsWithoutHeaderOrTheGivenText() {
        Printer.Table t = new Printer.Table("A", "B").row("x", null).row("line\nbreak", "tab\there");
        assertThat(print(Printer.Format.plain, null, t, null)).isEqualTo("x\t-\nline\\nbreak\ttab\\there\n".replace("\n", System.lineSeparator()));
        assertThat(print(Printer.Format.plain, null, t, "just this")).isEqualTo("just this" + System.lineSeparator());
    }

    @Test
    void jsonPrintsTheRecordsApiShapeWithoutNulls() {
        String out = print(Printer.Format.json, new KvWritten("a/b", 42), new Printer.Table("X"), null);
        assertThat(out.replaceAll("\\s", "")).isEqualTo("{\"key\":\"a/b\",\"modRevision\":42}");
    }

    @Test
    void eventsAreOneJsonObjectPerLine() {
        StringWriter s = new StringWriter();
        Printer p = new Printer(Printer.Format.json, new PrintWriter(s));
        p.event(new KvWritten("k", 1), "ignored");
        p.event(new KvWritten("k", 2), "ignored");
        assertThat(s.toString().split(System.lineSeparator())).containsExactly("{\"key\":\"k\",\"modRevision\":1}", "{\"key\":\"k\",\"modRevision\":2}");
    }
}
