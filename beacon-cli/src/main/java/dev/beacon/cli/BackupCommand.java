package dev.beacon.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Map;

@Command(name = "backup", mixinStandardHelpOptions = true, description = "Backups of the etcd that Beacon runs on.",
        subcommands = BackupCommand.Snapshot.class)
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
}
