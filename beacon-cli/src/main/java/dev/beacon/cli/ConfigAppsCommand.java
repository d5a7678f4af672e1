package dev.beacon.cli;

import dev.beacon.api.AppProfiles;
import picocli.CommandLine.Command;

import java.util.List;

@Command(name = "apps", mixinStandardHelpOptions = true, description = "List every app and its profiles.")
final class ConfigAppsCommand extends BaseCommand {
    @Override
    int run() {
        List<AppProfiles> apps = client().configs().apps();
        Printer.Table t = new Printer.Table("APP", "PROFILES");
        apps.forEach(a -> t.row(a.app(), String.join(",", a.profiles())));
        printer().print(apps, t);
        return ExitCodes.OK;
    }
}
