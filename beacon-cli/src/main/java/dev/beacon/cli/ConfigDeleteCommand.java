package dev.beacon.cli;

import dev.beacon.api.Deleted;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "delete", aliases = "del", mixinStandardHelpOptions = true, description = "Delete one item (exit 3 when it does not exist).")
final class ConfigDeleteCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "APP")
    String app;
    @Parameters(index = "1", paramLabel = "PROFILE")
    String profile;
    @Parameters(index = "2", paramLabel = "KEY")
    String key;
    @Option(names = "--if-match", paramLabel = "REV", description = "delete only if the item's revision is REV; exit 4 otherwise")
    Long ifMatch;

    @Override
    int run() {
        client().configs().delete(app, profile, key, ifMatch);
        printer().print(new Deleted(1), new Printer.Table("DELETED").row(1), "deleted " + app + "/" + profile + "/" + key);
        return ExitCodes.OK;
    }
}
