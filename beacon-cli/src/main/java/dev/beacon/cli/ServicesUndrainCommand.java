package dev.beacon.cli;

import dev.beacon.api.InstanceStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "undrain", mixinStandardHelpOptions = true,
        description = "Clear an operator status (DRAINING, OUT_OF_SERVICE) of instance ID: back to what its lease and checks say.")
final class ServicesUndrainCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;
    @Parameters(index = "1", paramLabel = "ID")
    String id;

    @Override
    int run() {
        client().registry().setStatus(service, id, InstanceStatus.UP);
        InstanceRef ref = new InstanceRef(service, id, "UP");
        printer().print(ref, new Printer.Table("SERVICE", "ID", "STATUS").row(service, id, ref.status()), service + "/" + id + " UP");
        return ExitCodes.OK;
    }
}
