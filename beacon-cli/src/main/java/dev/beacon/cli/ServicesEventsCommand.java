package dev.beacon.cli;

import dev.beacon.api.Instance;
import dev.beacon.api.InstanceEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Why and when the instances of SERVICE changed (or instance ID only): registered, check failed, lease expired, status set...")
final class ServicesEventsCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;
    @Parameters(index = "1", paramLabel = "ID", arity = "0..1")
    String id;

    /** One event of one instance: the API's InstanceEvent with the instance it belongs to. */
    record Entry(String instance, String type, boolean removal, String detail, String time, long revision, String server) {
    }

    @Override
    int run() {
        List<String> ids = new ArrayList<>();
        if (id != null) {
            ids.add(id);
        } else {
            client().registry().instances(service).instances().stream().map(Instance::id).forEach(ids::add);
        }
        List<Entry> entries = new ArrayList<>();
        List<InstanceEvent> last = List.of();
        for (String i : ids) {
            last = client().registry().events(service, i);
            for (InstanceEvent e : last) {
                entries.add(new Entry(i, e.type(), e.removal(), e.detail(), e.time(), e.revision(), e.server()));
            }
        }
        Printer.Table t = new Printer.Table("TIME", "INSTANCE", "EVENT", "DETAIL", "REVISION");
        entries.forEach(e -> t.row(e.time(), e.instance(), e.type(), e.detail(), e.revision()));
        if (id != null) {
            printer().print(last, t);  // one instance: the API's own shape
        } else {
            printer().print(entries, t);
        }
        return ExitCodes.OK;
    }
}
