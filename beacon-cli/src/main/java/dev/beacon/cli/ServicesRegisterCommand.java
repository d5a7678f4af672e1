package dev.beacon.cli;

import dev.beacon.api.Registered;
import dev.beacon.client.InstanceSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Register an instance once, with no heartbeats: it lives for --ttl unless something heartbeats it "
                + "(an application registers through the SDK, which keeps it registered). Prints the instance id.")
final class ServicesRegisterCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;
    @Parameters(index = "1", paramLabel = "ADDRESS")
    String address;
    @Parameters(index = "2", paramLabel = "PORT")
    int port;
    @Option(names = "--id", paramLabel = "ID", description = "instance id (default ADDRESS-PORT)")
    String id;
    @Option(names = "--ttl", paramLabel = "DURATION", converter = Durations.Converter.class, defaultValue = "30s",
            description = "lease time to live, 2s to 300s (default ${DEFAULT-VALUE})")
    Duration ttl;
    @Option(names = "--tag", paramLabel = "TAG", description = "a tag (repeatable)")
    String[] tags = {};
    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "metadata (repeatable)")
    Map<String, String> metadata = new LinkedHashMap<>();
    @Option(names = "--http-check", paramLabel = "URL", description = "a Beacon server checks this URL (2xx/3xx is UP)")
    String httpCheck;
    @Option(names = "--check-interval", paramLabel = "DURATION", converter = Durations.Converter.class, defaultValue = "10s",
            description = "how often the check runs (default ${DEFAULT-VALUE})")
    Duration checkInterval;

    @Override
    int run() {
        InstanceSpec spec = InstanceSpec.of(service, address, port).ttl(ttl).tags(tags);
        if (id != null) {
            spec = spec.id(id);
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            spec = spec.metadata(e.getKey(), e.getValue());
        }
        if (httpCheck != null) {
            spec = spec.httpCheck(httpCheck, checkInterval);
        }
        Registered r = client().registry().registerOnce(spec);
        printer().print(r, new Printer.Table("SERVICE", "ID", "LEASE", "TTL").row(r.service(), r.id(), Long.toHexString(r.leaseId()), r.ttl()), r.id());
        return ExitCodes.OK;
    }
}
