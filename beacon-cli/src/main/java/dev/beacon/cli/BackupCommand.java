package dev.beacon.cli;

import dev.beacon.api.ImportChange;
import dev.beacon.api.ImportReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

@Command(name = "backup", mixinStandardHelpOptions = true, description = "Backups of the etcd that Beacon runs on, and of Beacon's data.",
        subcommands = {BackupCommand.Snapshot.class, BackupCommand.Export.class, BackupCommand.Import.class})
final class BackupCommand extends GroupCommand {
    @Command(name = "snapshot", mixinStandardHelpOptions = true,
            description = "Save an etcd snapshot to FILE (written atomically). Restore it with the server's --restore-from"
                    + " or etcdctl snapshot restore; see docs/operations.md.")
    static final class Snapshot extends BaseCommand {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Override
        int run() {
            long bytes = client().ops().snapshot(file);
            Map<String, Object> answer = Map.of("file", file.toAbsolutePath().toString(), "bytes", bytes);
            Printer.Table table = new Printer.Table("FILE", "BYTES");
            table.row(file.toAbsolutePath().toString(), bytes);
            printer().print(answer, table, "saved " + bytes + " bytes to " + file.toAbsolutePath());
            return ExitCodes.OK;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Save Beacon's data (config items with history and metadata, app/profile and service settings) as one"
                    + " JSON document to FILE (written atomically). Bring it into a cluster with 'beacon backup import'.")
    static final class Export extends BaseCommand {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--no-history", description = "Leave the items' history out (current values and metadata only).")
        boolean noHistory;

        @Override
        int run() {
            long bytes = client().ops().export(file, !noHistory);
            Map<String, Object> answer = Map.of("file", file.toAbsolutePath().toString(), "bytes", bytes);
            Printer.Table table = new Printer.Table("FILE", "BYTES");
            table.row(file.toAbsolutePath().toString(), bytes);
            printer().print(answer, table, "exported " + bytes + " bytes to " + file.toAbsolutePath());
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import a document of 'beacon backup export' from FILE: what differs is written, nothing is deleted,"
                    + " importing the same document again changes nothing. Prints what was created, updated or unchanged.")
    static final class Import extends BaseCommand {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--dry-run", description = "Write nothing; print what would change.")
        boolean dryRun;

        @Override
        int run() {
            if (!Files.isReadable(file)) {
                throw new CliException(ExitCodes.ERROR, "cannot read " + file, "check the path");
            }
            ImportReport report;
            try {
                report = client().ops().importFrom(file, dryRun);
            } catch (UncheckedIOException e) {
                throw new CliException(ExitCodes.ERROR, "cannot read " + file + ": " + e.getMessage(), "check the path");
            }
            Printer.Table table = new Printer.Table("KIND", "TARGET", "RESULT");
            for (ImportChange c : report.changes()) {
                table.row(c.kind(), c.target(), c.result());
            }
            String summary = (report.dryRun() ? "dry run, nothing written: would create " : "created ") + report.created()
                    + (report.dryRun() ? ", update " : ", updated ") + report.updated() + ", unchanged " + report.unchanged()
                    + (report.dryRun() ? "" : " (revision " + report.revision() + ")");
            printer().print(report, table, summary);
            return ExitCodes.OK;
        }
    }
}
