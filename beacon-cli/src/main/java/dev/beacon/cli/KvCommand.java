package dev.beacon.cli;

import picocli.CommandLine.Command;

@Command(name = "kv", mixinStandardHelpOptions = true, description = "Raw etcd keys through Beacon (admin once auth is on).",
        subcommands = {KvGetCommand.class, KvPutCommand.class, KvDelCommand.class, KvLsCommand.class})
final class KvCommand extends GroupCommand {
}
