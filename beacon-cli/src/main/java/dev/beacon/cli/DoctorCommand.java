package dev.beacon.cli;

import dev.beacon.api.DoctorReport;
import picocli.CommandLine.Command;

import java.util.stream.Collectors;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Run the server's troubleshooting checklist: each check PASS, WARN or FAIL with a detail and a hint."
                + " Exits 1 when a check FAILs, 0 otherwise.")
final class DoctorCommand extends BaseCommand {
    @Override
    int run() {
        DoctorReport report = client().ops().doctor();
        Printer.Table table = new Printer.Table("CHECK", "STATUS", "DETAIL", "HINT");
        report.checks().forEach(c -> table.row(c.name(), c.status(), c.detail(), c.hint()));
        String plain = report.checks().stream()
                .map(c -> c.status() + "  " + c.name() + ": " + c.detail() + (c.hint() == null ? "" : "\n      hint: " + c.hint()))
                .collect(Collectors.joining("\n")) + "\n" + report.status();
        printer().print(report, table, plain);
        return "FAIL".equals(report.status()) ? ExitCodes.ERROR : ExitCodes.OK;
    }
}
