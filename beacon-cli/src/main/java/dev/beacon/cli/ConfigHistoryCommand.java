package dev.beacon.cli;

import dev.beacon.api.HistoryRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "history", mixinStandardHelpOptions = true, description = "Print an item's changes, newest first.")
final class ConfigHistoryCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "APP")
    String app;
    @Parameters(index = "1", paramLabel = "PROFILE")
    String profile;
    @Parameters(index = "2", paramLabel = "KEY")
    String key;

    @Override
    int run() {
        List<HistoryRecord> history = client().configs().history(app, profile, key);
        Printer.Table t = new Printer.Table("REVISION", "VERSION", "OP", "VALUE", "UPDATED", "BY", "COMMENT");
        history.forEach(h -> t.row(h.modRevision(), h.version(), h.op(), h.value(), h.updatedAt(), h.updatedBy(), h.comment()));
        printer().print(history, t);
        return ExitCodes.OK;
    }
}
