package dev.beacon.cli;

import dev.beacon.api.KvList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.stream.Collectors;

@Command(name = "ls", mixinStandardHelpOptions = true, description = "List the keys under PREFIX (plain: key=value lines, or keys with --keys-only).")
final class KvLsCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "PREFIX", arity = "0..1", defaultValue = "")
    String prefix;
    @Option(names = "--limit", paramLabel = "N", description = "at most N keys (default: the server's limit)")
    int limit;
    @Option(names = "--keys-only", description = "leave the values out")
    boolean keysOnly;

    @Override
    int run() {
        KvList list = client().kv().list(prefix, limit, keysOnly);
        String plain = list.kvs().stream().map(kv -> keysOnly ? kv.key() : kv.key() + "=" + kv.value()).collect(Collectors.joining("\n"));
        printer().print(list, KvTables.keys(list.kvs()), plain);
        if (list.more() && printer().format() != Printer.Format.json) {
            root().err().println("beacon: more keys exist past " + list.kvs().size() + " (hint: raise --limit or narrow PREFIX)");
        }
        return ExitCodes.OK;
    }
}
