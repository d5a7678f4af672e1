package dev.beacon.cli;

import picocli.CommandLine.Command;

@Command(name = "services", aliases = "svc", mixinStandardHelpOptions = true, description = "The service registry: list, show, register, drain.",
        subcommands = {ServicesLsCommand.class, ServicesShowCommand.class, ServicesRegisterCommand.class, ServicesDeregisterCommand.class,
                ServicesDrainCommand.class, ServicesUndrainCommand.class, ServicesEventsCommand.class})
final class ServicesCommand extends GroupCommand {
}
