package dev.beacon.cli;

import dev.beacon.api.KvWritten;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;

@Command(name = "put", mixinStandardHelpOptions = true, description = "Write a key; prints it (plain: its new revision).")
final class KvPutCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "KEY")
    String key;
    @Parameters(index = "1", paramLabel = "VALUE")
    String value;
    @Option(names = "--ttl", paramLabel = "DURATION", converter = Durations.Converter.class,
            description = "on a new lease of this time to live (at least 2s): the key goes when it expires")
    Duration ttl;
    @Option(names = "--prev-revision", paramLabel = "REV", description = "write only if the key's revision is REV (0: only if it does not exist); exit 4 otherwise")
    Long prevRevision;

    @Override
    int run() {
        KvWritten w = client().kv().put(key, value, ttl == null ? null : ttl.toSeconds(), prevRevision);
        printer().print(w, new Printer.Table("KEY", "REVISION").row(w.key(), w.modRevision()), String.valueOf(w.modRevision()));
        return ExitCodes.OK;
    }
}
