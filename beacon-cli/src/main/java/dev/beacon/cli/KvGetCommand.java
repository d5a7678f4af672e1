package dev.beacon.cli;

import dev.beacon.api.KeyValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "get", mixinStandardHelpOptions = true, description = "Print one key (plain: its value alone); exit 3 when it does not exist.")
final class KvGetCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Override
    int run() {
        KeyValue kv = client().kv().get(key);
        printer().print(kv, KvTables.keys(List.of(kv)), kv.value());
        return ExitCodes.OK;
    }
}
