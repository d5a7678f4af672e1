package dev.beacon.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write every item of APP/PROFILE as one document to FILE (or stdout when FILE is - or left out).")
final class ConfigExportCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "APP")
    String app;
    @Parameters(index = "1", paramLabel = "PROFILE")
    String profile;
    @Parameters(index = "2", paramLabel = "FILE", arity = "0..1")
    Path file;
    @Mixin
    DocumentFormat format;

    @Override
    int run() {
        String document = client().configs().export(app, profile, format.of(file));
        if (file == null || file.toString().equals("-")) {
            printer().raw(document);
        } else {
            DocumentFiles.write(file, document);
        }
        return ExitCodes.OK;
    }
}
