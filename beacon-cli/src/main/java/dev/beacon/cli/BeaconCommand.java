package dev.beacon.cli;

import dev.beacon.client.BeaconClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The root command: the options every command shares (they may be given before or after the command's name) and
 * the client they configure. Where the server and token come from, first found wins: {@code --server}/{@code --token},
 * then {@code BEACON_SERVER}/{@code BEACON_TOKEN}, then the context ({@code --context}, else the current one) of the
 * config file, then {@code http://127.0.0.1:8080}. The client is made on first use and closed by {@link Main}.
 */
@Command(name = "beacon", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Beacon's command line: configuration, raw keys, services, locks and elections, tokens.%n"
                + "Exit codes: 0 ok, 1 error, 2 usage, 3 not found, 4 conflict, 5 server unreachable, 6 not authorized.",
        subcommands = {ConfigCommand.class, KvCommand.class, ServicesCommand.class, LockCommand.class, ElectCommand.class,
                DoctorCommand.class, BackupCommand.class, AuthCommand.class, ContextCommand.class, CompletionCommand.class})
public final class BeaconCommand implements Callable<Integer> {
    static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

    @Spec
    CommandSpec spec;

    @Option(names = {"-s", "--server"}, scope = ScopeType.INHERIT, split = ",", paramLabel = "URL",
            description = "Beacon server URLs, comma-separated (env BEACON_SERVER; default " + DEFAULT_SERVER + ")")
    List<String> servers;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN", description = "bearer token (env BEACON_TOKEN)")
    String token;

    @Option(names = "--cacert", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "PEM CA certificate to trust for https:// servers (env BEACON_CACERT; default the JDK's trust store)")
    java.nio.file.Path cacert;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "output format: ${COMPLETION-CANDIDATES} (default plain)")
    Printer.Format output;

    @Option(names = "--context", scope = ScopeType.INHERIT, paramLabel = "NAME", description = "a context of the config file instead of the current one")
    String context;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION", converter = Durations.Converter.class,
            description = "deadline of each call to the servers, e.g. 2s (default 10s)")
    Duration timeout;

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;
    private BeaconClient client;
    private Printer printer;

    BeaconCommand(Map<String, String> env, PrintWriter out, PrintWriter err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(out);
        return ExitCodes.USAGE;
    }

    Map<String, String> env() {
        return env;
    }

    PrintWriter err() {
        return err;
    }

    Contexts contexts() {
        return Contexts.at(Contexts.location(env));
    }

    Printer printer() {
        if (printer == null) {
            printer = new Printer(output == null ? Printer.Format.plain : output, out);
        }
        return printer;
    }

    /** The client of these options, made once. */
    BeaconClient client() {
        if (client == null) {
            Contexts.Context ctx = contexts().resolve(context);
            String server = servers != null && !servers.isEmpty() ? String.join(",", servers)
                    : env.get("BEACON_SERVER") != null ? env.get("BEACON_SERVER")
                    : ctx != null && ctx.server() != null ? ctx.server() : DEFAULT_SERVER;
            String tok = token != null ? token : env.get("BEACON_TOKEN") != null ? env.get("BEACON_TOKEN") : ctx == null ? null : ctx.token();
            Duration deadline = timeout == null ? Duration.ofSeconds(10) : timeout;
            java.nio.file.Path ca = cacert != null ? cacert : env.get("BEACON_CACERT") != null ? java.nio.file.Path.of(env.get("BEACON_CACERT")) : null;
            BeaconClient.Builder b = BeaconClient.builder();
            if (ca != null) {
                try {
                    b.trustedCa(ca);
                } catch (IllegalArgumentException e) {
                    throw new CliException(ExitCodes.USAGE, e.getMessage(), "give --cacert the PEM file of the CA that signed the server's certificate");
                }
            }
            try {
                client = b.servers(server).token(tok).actor(actor()).reportDelivery(false)
                        .callTimeout(deadline).requestTimeout(min(deadline, Duration.ofSeconds(5)))
                        .connectTimeout(min(deadline, Duration.ofSeconds(2))).build();
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage(), "give --server http://HOST:PORT");
            }
        }
        return client;
    }

    void close() {
        if (client != null) {
            client.close();
        }
    }

    /** Who config changes are recorded as while auth is off ({@code updatedBy}): {@code cli:$USER}. */
    private String actor() {
        String user = env.getOrDefault("USER", System.getProperty("user.name", "cli"));
        String safe = user == null ? "" : user.replaceAll("[^A-Za-z0-9._@-]", "");
        return "cli:" + (safe.isEmpty() ? "unknown" : safe);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }
}
