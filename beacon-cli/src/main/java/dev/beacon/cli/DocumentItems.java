package dev.beacon.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A config document read into items (key → value) the way the server's import reads it (beacon-core
 * {@code ConfigDocuments.parse}): properties as they are; json and yaml maps flattened into dotted keys, list
 * elements as {@code key[i]}, null as the empty string. Used by {@code config diff} only: the import itself is parsed
 * by the server, which stays the authority.
 */
final class DocumentItems {
    private static final JsonFactory JSON = new JsonFactory();
    private static final JsonFactory YAML = new YAMLFactory();

    private DocumentItems() {
    }

    /** @throws IllegalArgumentException when it does not parse, is not a map at the top, or defines a key twice */
    static SortedMap<String, String> parse(String document, String format) {
        if (document == null || document.isBlank()) {
            throw new IllegalArgumentException("the document is empty");
        }
        SortedMap<String, String> out = new TreeMap<>();
        if (format.equals("properties")) {
            Properties p = new Properties();
            try {
                p.load(new StringReader(document));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("the properties document does not parse: " + e.getMessage());
            }
            p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
            return out;
        }
        try (JsonParser p = (format.equals("yaml") ? YAML : JSON).createParser(document)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the " + format + " document must be a map of keys at the top");
            }
            flatten(p, "", out);
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the " + format + " document does not parse at line " + e.getLocation().getLineNr()
                    + ": " + ExitCodes.oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new IllegalArgumentException("the document cannot be read: " + e.getMessage());
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
        } else if (out.put(path, t == JsonToken.VALUE_NULL ? "" : p.getText()) != null) {
            throw new IllegalArgumentException("the document defines '" + path + "' twice");
        }
    }
}
