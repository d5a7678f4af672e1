package dev.beacon.cli;

import dev.beacon.api.ConfigList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Show what 'config import' of FILE would change: + added items, ~ changed values (nothing is written).")
final class ConfigDiffCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "APP")
    String app;
    @Parameters(index = "1", paramLabel = "PROFILE")
    String profile;
    @Parameters(index = "2", paramLabel = "FILE")
    Path file;
    @Mixin
    DocumentFormat format;

    @Override
    int run() {
        Map<String, String> document = DocumentItems.parse(DocumentFiles.read(file), format.of(file));
        ConfigList list = client().configs().list(app, profile);
        Map<String, String> current = new LinkedHashMap<>();
        list.items().forEach(i -> current.put(i.key(), i.value()));
        ConfigDiff diff = ConfigDiff.of(app, profile, list.revision(), current, document);
        Printer.Table t = new Printer.Table("CHANGE", "KEY", "FROM", "TO");
        StringBuilder plain = new StringBuilder();
        diff.added().forEach((k, v) -> {
            t.row("+", k, null, v);
            plain.append("+ ").append(k).append('=').append(v).append('\n');
        });
        diff.changed().forEach((k, c) -> {
            t.row("~", k, c.from(), c.to());
            plain.append("~ ").append(k).append(": ").append(c.from()).append(" -> ").append(c.to()).append('\n');
        });
        plain.append(diff.added().size()).append(" to add, ").append(diff.changed().size()).append(" to change, ")
                .append(diff.unchanged()).append(" unchanged");
        printer().print(diff, t, plain.toString());
        return ExitCodes.OK;
    }
}
