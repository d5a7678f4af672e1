package dev.beacon.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/** The {@code --format} of a config document: given, or guessed from the file's extension (properties by default). */
final class DocumentFormat {
    @Option(names = "--format", paramLabel = "FORMAT", description = "properties, yaml or json (default: from the file's extension, else properties)")
    String format;

    String of(Path file) {
        if (format != null) {
            String f = format.toLowerCase(Locale.ROOT);
            if (!f.equals("properties") && !f.equals("yaml") && !f.equals("json")) {
                throw new IllegalArgumentException("--format must be properties, yaml or json, got " + format);
            }
            return f;
        }
        String name = file == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return "yaml";
        }
        return name.endsWith(".json") ? "json" : "properties";
    }
}
