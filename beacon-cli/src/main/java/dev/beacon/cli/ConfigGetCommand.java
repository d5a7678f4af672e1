package dev.beacon.cli;

import dev.beacon.api.ConfigList;
import dev.beacon.api.Item;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.stream.Collectors;

@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Print one item (plain: its value alone), or every item of APP/PROFILE (plain: key=value lines).")
final class ConfigGetCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "APP")
    String app;
    @Parameters(index = "1", paramLabel = "PROFILE")
    String profile;
    @Parameters(index = "2", paramLabel = "KEY", arity = "0..1")
    String key;

    @Override
    int run() {
        if (key != null) {
            Item item = client().configs().get(app, profile, key);
            printer().print(item, ConfigTables.items(java.util.List.of(item)), item.value());
        } else {
            ConfigList list = client().configs().list(app, profile);
            printer().print(list, ConfigTables.items(list.items()),
                    list.items().stream().map(i -> i.key() + "=" + i.value()).collect(Collectors.joining("\n")));
        }
        return ExitCodes.OK;
    }
}
