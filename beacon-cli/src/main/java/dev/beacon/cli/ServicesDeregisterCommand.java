package dev.beacon.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "deregister", mixinStandardHelpOptions = true, description = "Remove instance ID of SERVICE, whoever registered it.")
final class ServicesDeregisterCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;
    @Parameters(index = "1", paramLabel = "ID")
    String id;

    @Override
    int run() {
        client().registry().deregister(service, id);
        InstanceRef ref = new InstanceRef(service, id, "DEREGISTERED");
        printer().print(ref, new Printer.Table("SERVICE", "ID", "STATUS").row(service, id, ref.status()), "deregistered " + service + "/" + id);
        return ExitCodes.OK;
    }
}
