package dev.beacon.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** Named contexts (server URLs and token) in the config file, like kubectl's; see {@link Contexts}. */
@Command(name = "context", mixinStandardHelpOptions = true,
        description = "Named contexts (servers and token) in ~/.config/beacon/config (or $BEACON_CONFIG).",
        subcommands = {ContextCommand.Ls.class, ContextCommand.Set.class, ContextCommand.Use.class})
final class ContextCommand extends GroupCommand {

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the contexts; * marks the current one.")
    static final class Ls extends BaseCommand {
        /** One context as {@code -o json} prints it (no token: only whether there is one). */
        record Entry(String name, String server, boolean token, boolean current) {
        }

        @Override
        int run() {
            Contexts contexts = root().contexts();
            String current = contexts.current();
            Printer.Table t = new Printer.Table("CURRENT", "NAME", "SERVER", "TOKEN");
            java.util.List<Entry> entries = new java.util.ArrayList<>();
            for (Map.Entry<String, Contexts.Context> e : contexts.all().entrySet()) {
                Contexts.Context c = e.getValue();
                boolean cur = e.getKey().equals(current);
                entries.add(new Entry(c.name(), c.server(), c.token() != null, cur));
                t.row(cur ? "*" : "", c.name(), c.server(), c.token() == null ? "no" : "yes");
            }
            printer().print(entries, t);
            return ExitCodes.OK;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Create or change context NAME from --server and --token (the token is stored owner-only).")
    static final class Set extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int run() {
            if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("a context name is 1 to 64 of A-Z a-z 0-9 _ -, got " + name);
            }
            Contexts contexts = root().contexts();
            // the global --server and --token given to this command are what the context keeps
            BeaconCommand root = root();
            if (root.servers == null && root.token == null) {
                throw new IllegalArgumentException("give --server URL[,URL...] and/or --token TOKEN for context " + name);
            }
            contexts.set(name, root.servers == null ? null : String.join(",", root.servers), root.token);
            root().err().println("beacon: context " + name + " saved in " + contexts.file());
            return ExitCodes.OK;
        }
    }

    @Command(name = "use", mixinStandardHelpOptions = true, description = "Make context NAME the current one.")
    static final class Use extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int run() {
            root().contexts().use(name);
            root().err().println("beacon: now using context " + name);
            return ExitCodes.OK;
        }
    }
}
