package dev.beacon.cli;

import dev.beacon.api.ConfigWritten;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Write every item of a document (FILE, or - for stdin) in one transaction: all or nothing. "
                + "Items not in the document are kept. See 'config diff' for what it would change.")
final class ConfigImportCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "APP")
    String app;
    @Parameters(index = "1", paramLabel = "PROFILE")
    String profile;
    @Parameters(index = "2", paramLabel = "FILE")
    Path file;
    @Mixin
    DocumentFormat format;
    @Option(names = "--comment", paramLabel = "TEXT", description = "why, kept in each item's history")
    String comment;

    @Override
    int run() {
        String document = DocumentFiles.read(file);
        ConfigWritten written = client().configs().importDocument(app, profile, document, format.of(file), comment);
        printer().print(written, new Printer.Table("APP", "PROFILE", "WRITTEN", "REVISION")
                .row(written.app(), written.profile(), written.written(), written.revision()),
                "wrote " + written.written() + " items at revision " + written.revision());
        return ExitCodes.OK;
    }
}
