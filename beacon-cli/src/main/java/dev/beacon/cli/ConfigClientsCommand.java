package dev.beacon.cli;

import dev.beacon.api.ConfigClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "clients", mixinStandardHelpOptions = true,
        description = "Delivery tracking: which client applied which revision of APP/PROFILE.")
final class ConfigClientsCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "APP")
    String app;
    @Parameters(index = "1", paramLabel = "PROFILE")
    String profile;

    @Override
    int run() {
        ConfigClients clients = client().configs().clients(app, profile);
        Printer.Table t = new Printer.Table("INSTANCE", "HOST", "PID", "REVISION", "CURRENT", "SINCE", "REPORTED", "SDK");
        clients.clients().forEach(c -> t.row(c.instanceId(), c.host(), c.pid(), c.revision(), c.current(), c.since(), c.reportedAt(), c.sdkVersion()));
        printer().print(clients, t);
        return ExitCodes.OK;
    }
}
