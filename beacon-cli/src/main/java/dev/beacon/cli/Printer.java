package dev.beacon.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything a command prints on stdout goes through here, in the format of {@code -o}:
 * <ul>
 *   <li>{@code plain} (default): for people and shell pipelines; one record per line, fields separated by a tab,
 *       no header; a single value alone (e.g. {@code config get APP PROFILE KEY} prints just the value);</li>
 *   <li>{@code table}: a header and aligned columns;</li>
 *   <li>{@code json}: the same JSON shapes as the HTTP API (docs/api.md), nulls left out as the server does.</li>
 * </ul>
 * Not thread-safe by itself; {@code config watch} prints from one listener queue.
 */
public final class Printer {
    public enum Format { plain, table, json }

    static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper JSON_LINE = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final Format format;
    private final PrintWriter out;

    public Printer(Format format, PrintWriter out) {
        this.format = format;
        this.out = out;
    }

    public Format format() {
        return format;
    }

    /** Prints {@code data} as JSON, or {@code table} (with its header for {@code table}, without for {@code plain}). */
    public void print(Object data, Table table) {
        print(data, table, null);
    }

    /** As {@link #print(Object, Table)}, but {@code plain} prints {@code plainText} (when not null) instead of the rows. */
    public void print(Object data, Table table, String plainText) {
        switch (format) {
            case json:
                out.println(json(data, JSON));
                break;
            case table:
                table.render(out, true);
                break;
            default:
                if (plainText != null) {
                    out.println(plainText);
                } else {
                    table.render(out, false);
                }
        }
        out.flush();
    }

    /** One event of a stream ({@code config watch}): one JSON object per line for {@code json}, else one text line. */
    public void event(Object data, String line) {
        out.println(format == Format.json ? json(data, JSON_LINE) : line);
        out.flush();
    }

    /** Text printed as it is whatever the format (an exported document). */
    public void raw(String text) {
        out.print(text);
        if (!text.endsWith("\n")) {
            out.println();
        }
        out.flush();
    }

    static String json(Object data, ObjectMapper mapper) {
        try {
            return mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Rows of text under a header; {@code null} cells print as {@code -}. */
    public static final class Table {
        private final List<String> header;
        private final List<List<String>> rows = new ArrayList<>();

        public Table(String... header) {
            this.header = List.of(header);
        }

        public Table row(Object... cells) {
            List<String> r = new ArrayList<>();
            for (Object c : cells) {
                r.add(c == null ? "-" : String.valueOf(c).replace("\n", "\\n").replace("\t", "\\t"));
            }
            if (r.size() != header.size()) {
                throw new IllegalArgumentException("a row of " + r.size() + " cells under " + header.size() + " columns");
            }
            rows.add(r);
            return this;
        }

        public List<List<String>> rows() {
            return rows;
        }

        void render(PrintWriter out, boolean withHeader) {
            if (!withHeader) {
                rows.forEach(r -> out.println(String.join("\t", r)));
                return;
            }
            int[] width = new int[header.size()];
            for (int i = 0; i < width.length; i++) {
                width[i] = Width.of(header.get(i));
                for (List<String> r : rows) {
                    width[i] = Math.max(width[i], Width.of(r.get(i)));
                }
            }
            line(out, header, width);
            rows.forEach(r -> line(out, r, width));
        }

        private static void line(PrintWriter out, List<String> cells, int[] width) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < cells.size(); i++) {
                String c = cells.get(i);
                b.append(c);
                if (i < cells.size() - 1) {
                    char[] pad = new char[width[i] - Width.of(c) + 2];
                    Arrays.fill(pad, ' ');
                    b.append(pad);
                }
            }
            out.println(b);
        }
    }
}
