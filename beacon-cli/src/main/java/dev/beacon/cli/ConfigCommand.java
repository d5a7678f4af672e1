package dev.beacon.cli;

import picocli.CommandLine.Command;

@Command(name = "config", mixinStandardHelpOptions = true, description = "Read, write and follow configuration items.",
        subcommands = {ConfigGetCommand.class, ConfigSetCommand.class, ConfigDeleteCommand.class, ConfigHistoryCommand.class,
                ConfigRollbackCommand.class, ConfigWatchCommand.class, ConfigImportCommand.class, ConfigExportCommand.class,
                ConfigDiffCommand.class, ConfigClientsCommand.class, ConfigAppsCommand.class})
final class ConfigCommand extends GroupCommand {
}
