package dev.beacon.core.config;

import java.util.Map;
import java.util.SortedMap;

/**
 * Writes {@code .properties} text that {@link java.util.Properties#load} reads back exactly: keys escape
 * space, {@code = : # !} and backslash; values escape a leading space, backslash and {@code = : # !}; both
 * escape tab, newline, carriage return and form feed, and every character outside printable ASCII as
 * {@code \}{@code uXXXX}, so the text is plain ASCII (safe for ISO-8859-1 readers such as Spring Boot's).
 */
final class PropertiesText {
    private PropertiesText() {
    }

    static String render(SortedMap<String, String> items) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : items.entrySet()) {
            escape(e.getKey(), true, out);
            out.append('=');
            escape(e.getValue(), false, out);
            out.append('\n');
        }
        return out.toString();
    }

    static void escape(String s, boolean isKey, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case ' ' -> out.append(isKey || i == 0 ? "\\ " : " ");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\f' -> out.append("\\f");
                case '\\', '=', ':', '#', '!' -> out.append('\\').append(c);
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
