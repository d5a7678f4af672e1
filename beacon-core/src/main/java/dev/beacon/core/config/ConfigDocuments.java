package dev.beacon.core.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.beacon.core.BeaconException;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An app/profile's items as one document, and back: {@code properties} (one escaped {@code key=value} line
 * per item), {@code yaml} and {@code json} (dotted keys nested into maps). Values are always strings.
 *
 * <p>Nesting rule, deterministic: a key is split at its dots, unless it has an empty segment (then it stays
 * one literal key). When one key is a prefix of others at a dot ({@code a=1} and {@code a.b=2}), {@code a}
 * keeps its value and the longer keys stay literal, flat keys beside it ({@code a: "1"}, {@code a.b: "2"}).
 * Importing flattens maps back with dots and lists with {@code [i]} (as Spring Boot does), so
 * render → import gives the same items.
 */
public final class ConfigDocuments {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final YAMLFactory YAML_FACTORY = new YAMLFactory();

    private ConfigDocuments() {
    }

    /** Renders the items (key → value) as one document. */
    public static String render(SortedMap<String, String> items, DocumentFormat format) {
        try {
            return switch (format) {
                case PROPERTIES -> PropertiesText.render(items);
                case YAML -> items.isEmpty() ? "{}\n" : YAML.writeValueAsString(nest(items));
                case JSON -> JSON.writeValueAsString(nest(items)) + "\n";
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + format, e);
        }
    }

    /**
     * Parses a document into items (key → value text), sorted by key.
     *
     * @throws BeaconException BAD_REQUEST when it does not parse, is not a map at the top, or defines a key twice
     */
    public static SortedMap<String, String> parse(String document, DocumentFormat format) {
        if (document == null || document.isBlank()) {
            throw BeaconException.badRequest("the document is empty");
        }
        if (format == DocumentFormat.PROPERTIES) {
            Properties p = new Properties();
            try {
                p.load(new StringReader(document));
            } catch (IOException | IllegalArgumentException e) {
                throw BeaconException.badRequest("the properties document does not parse: " + e.getMessage());
            }
            SortedMap<String, String> out = new TreeMap<>();
            p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
            return out;
        }
        JsonFactory factory = format == DocumentFormat.YAML ? YAML_FACTORY : JSON_FACTORY;
        try (JsonParser p = factory.createParser(document)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw BeaconException.badRequest("the document is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                throw BeaconException.badRequest("the " + format.name().toLowerCase() + " document must be a map of keys at the top, not " + first.asString());
            }
            SortedMap<String, String> out = new TreeMap<>();
            flatten(p, "", out);
            JsonToken after = p.nextToken();
            if (after != null) {
                throw BeaconException.badRequest("the document has more than one top-level value (or YAML document); import one");
            }
            return out;
        } catch (JsonProcessingException e) {
            throw BeaconException.badRequest("the " + format.name().toLowerCase() + " document does not parse at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw BeaconException.badRequest("the document cannot be read: " + e.getMessage());
        }
    }

    private static void flatten(JsonParser p, String path, SortedMap<String, String> out) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() != JsonToken.END_OBJECT) {
                String name = p.currentName();
                p.nextToken();
                flatten(p, path.isEmpty() ? name : path + "." + name, out);
            }
        } else if (t == JsonToken.START_ARRAY) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                flatten(p, path + "[" + i++ + "]", out);
            }
        } else {
            String value = t == JsonToken.VALUE_NULL ? "" : p.getText();
            if (out.put(path, value) != null) {
                throw BeaconException.badRequest("the document defines '" + path + "' twice");
            }
        }
    }

    /** Dotted keys → nested maps, by the rule in the class comment. */
    static Map<String, Object> nest(SortedMap<String, String> items) {
        Node root = new Node();
        for (Map.Entry<String, String> e : items.entrySet()) {
            String key = e.getKey();
            boolean literal = key.startsWith(".") || key.endsWith(".") || key.contains("..");
            Node n = root;
            for (String segment : literal ? new String[]{key} : key.split("\\.")) {
                n = n.children.computeIfAbsent(segment, s -> new Node());
            }
            n.value = e.getValue();
        }
        return root.emit();
    }

    private static final class Node {
        String value;
        final SortedMap<String, Node> children = new TreeMap<>();

        Map<String, Object> emit() {
            Map<String, Object> out = new LinkedHashMap<>();
            children.forEach((name, child) -> {
                if (child.value == null) {
                    out.put(name, child.emit());
                } else {
                    out.put(name, child.value);
                    child.leaves(name, out);
                }
            });
            return out;
        }

        /** Every value below this node as a flat key {@code prefix.rest}. */
        void leaves(String prefix, Map<String, Object> out) {
            children.forEach((name, child) -> {
                if (child.value != null) {
                    out.put(prefix + "." + name, child.value);
                }
                child.leaves(prefix + "." + name, out);
            });
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
