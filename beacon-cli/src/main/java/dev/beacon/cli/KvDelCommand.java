package dev.beacon.cli;

import dev.beacon.api.Deleted;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "del", aliases = "delete", mixinStandardHelpOptions = true,
        description = "Delete a key, or every key under it with --prefix; prints how many (exit 3 when none was).")
final class KvDelCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "KEY")
    String key;
    @Option(names = "--prefix", description = "delete every key that starts with KEY")
    boolean prefix;
    @Option(names = "--prev-revision", paramLabel = "REV", description = "delete only if the key's revision is REV; exit 4 otherwise")
    Long prevRevision;

    @Override
    int run() {
        long n = client().kv().delete(key, prefix, prevRevision);
        printer().print(new Deleted(n), new Printer.Table("DELETED").row(n), String.valueOf(n));
        if (n == 0) {
            throw new CliException(ExitCodes.NOT_FOUND, "no key " + key + (prefix ? "*" : "") + " to delete", "list them with 'beacon kv ls'");
        }
        return ExitCodes.OK;
    }
}
