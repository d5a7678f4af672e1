package dev.beacon.cli;

import dev.beacon.api.InstanceStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "drain", mixinStandardHelpOptions = true,
        description = "Mark instance ID of SERVICE DRAINING: discovery leaves it out of healthy answers (out of rotation) until undrain.")
final class ServicesDrainCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;
    @Parameters(index = "1", paramLabel = "ID")
    String id;

    @Override
    int run() {
        client().registry().setStatus(service, id, InstanceStatus.DRAINING);
        InstanceRef ref = new InstanceRef(service, id, "DRAINING");
        printer().print(ref, new Printer.Table("SERVICE", "ID", "STATUS").row(service, id, ref.status()), service + "/" + id + " DRAINING");
        return ExitCodes.OK;
    }
}
