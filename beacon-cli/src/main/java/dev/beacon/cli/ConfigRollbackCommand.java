package dev.beacon.cli;

import dev.beacon.api.Item;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Write the value an item had at revision REV again (a new change; see 'config history').")
final class ConfigRollbackCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "APP")
    String app;
    @Parameters(index = "1", paramLabel = "PROFILE")
    String profile;
    @Parameters(index = "2", paramLabel = "KEY")
    String key;
    @Option(names = "--to", required = true, paramLabel = "REV", description = "the revision whose value to restore")
    long toRevision;

    @Override
    int run() {
        Item item = client().configs().rollback(app, profile, key, toRevision);
        printer().print(item, ConfigTables.items(List.of(item)), item.value());
        return ExitCodes.OK;
    }
}
