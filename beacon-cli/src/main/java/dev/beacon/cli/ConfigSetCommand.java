package dev.beacon.cli;

import dev.beacon.api.Item;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "set", mixinStandardHelpOptions = true, description = "Write one item; prints it (plain: its new revision).")
final class ConfigSetCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "APP")
    String app;
    @Parameters(index = "1", paramLabel = "PROFILE")
    String profile;
    @Parameters(index = "2", paramLabel = "KEY")
    String key;
    @Parameters(index = "3", paramLabel = "VALUE")
    String value;
    @Option(names = "--if-match", paramLabel = "REV", description = "write only if the item's revision is REV (0: only if it does not exist); exit 4 otherwise")
    Long ifMatch;
    @Option(names = "--comment", paramLabel = "TEXT", description = "why, kept in the item's history")
    String comment;

    @Override
    int run() {
        Item item = client().configs().set(app, profile, key, value, ifMatch, comment);
        printer().print(item, ConfigTables.items(List.of(item)), String.valueOf(item.modRevision()));
        return ExitCodes.OK;
    }
}
