package dev.beacon.cli;

import dev.beacon.api.ServiceInstances;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.stream.Collectors;

@Command(name = "show", mixinStandardHelpOptions = true, description = "List the instances of SERVICE with their status.")
final class ServicesShowCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Override
    int run() {
        ServiceInstances s = client().registry().instances(service);
        Printer.Table t = new Printer.Table("ID", "ADDRESS", "PORT", "STATUS", "TAGS", "METADATA", "REGISTERED");
        s.instances().forEach(i -> t.row(i.id(), i.address(), i.port(), i.status(),
                i.tags() == null ? "" : String.join(",", i.tags()), metadata(i.metadata()), i.registeredAt()));
        printer().print(s, t);
        return ExitCodes.OK;
    }

    private static String metadata(Map<String, String> m) {
        return m == null ? "" : m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(","));
    }
}
