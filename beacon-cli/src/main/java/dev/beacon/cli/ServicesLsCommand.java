package dev.beacon.cli;

import dev.beacon.api.ServiceSummary;
import picocli.CommandLine.Command;

import java.util.List;

@Command(name = "ls", mixinStandardHelpOptions = true, description = "List every service with its instance counts.")
final class ServicesLsCommand extends BaseCommand {
    @Override
    int run() {
        List<ServiceSummary> services = client().registry().services();
        Printer.Table t = new Printer.Table("SERVICE", "INSTANCES", "HEALTHY");
        services.forEach(s -> t.row(s.service(), s.instances(), s.healthy()));
        printer().print(services, t);
        return ExitCodes.OK;
    }
}
