package dev.beacon.cli;

import dev.beacon.client.BeaconClientException;
import picocli.CommandLine;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * Entry point of the {@code beacon} command. {@link #execute} runs one command line with the given environment and
 * output streams and answers its exit code (the tests call it in-process); {@link #main} runs it on the process's
 * stdout/stderr, always UTF-8 whatever the platform's default, and exits with that code.
 *
 * <p>Every failure ends here as one stderr line {@code beacon: <what happened> (hint: <what to check>)} and an exit code
 * of {@link ExitCodes}; a stack trace only with {@code BEACON_DEBUG=1}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.setOut(stdout);
        System.setErr(stderr);
        // the SDK logs through System.Logger (java.util.logging by default): keep its lines off a CLI's stderr
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.SEVERE);
        int code = execute(args, System.getenv(),
                new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true));
        System.exit(code);
    }

    /** Runs one command line; answers its exit code. Never throws, never calls System.exit. */
    public static int execute(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        BeaconCommand root = new BeaconCommand(env, out, err);
        CommandLine cli = commandLine(root, out, err);
        boolean debug = "1".equals(env.get("BEACON_DEBUG"));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (debug) {
                e.printStackTrace(err);
            }
            return fail(err, e, line);
        });
        try {
            return cli.execute(args);
        } finally {
            root.close();
            out.flush();
            err.flush();
        }
    }

    /** Every command of the tree as its words ({@code [config, get]}), for help and completion checks. */
    public static java.util.List<java.util.List<String>> commandPaths() {
        java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
        collect(commandLine(new BeaconCommand(Map.of(), null, null), null, null), new java.util.ArrayList<>(), paths);
        return paths;
    }

    private static void collect(CommandLine cl, java.util.List<String> prefix, java.util.List<java.util.List<String>> paths) {
        paths.add(java.util.List.copyOf(prefix));
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) {  // aliases once
                java.util.List<String> p = new java.util.ArrayList<>(prefix);
                p.add(name);
                collect(sub, p, paths);
            }
        });
    }

    static CommandLine commandLine(Object root, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(root);
        if (out != null) {
            cli.setOut(out);
        }
        if (err != null) {
            cli.setErr(err);
        }
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine at = e.getCommandLine();
            err.println("beacon: " + ExitCodes.oneLine(e.getMessage()) + " (hint: see '" + at.getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return ExitCodes.USAGE;
        });
        return cli;
    }

    private static int fail(PrintWriter err, Exception e, CommandLine line) {
        int code;
        String message;
        if (e instanceof BeaconClientException) {
            code = ExitCodes.of((BeaconClientException) e);
            message = ExitCodes.message((BeaconClientException) e);
        } else if (e instanceof CliException) {
            code = ((CliException) e).exitCode();
            message = ((CliException) e).line();
        } else if (e instanceof IllegalArgumentException) {
            code = ExitCodes.USAGE;
            message = ExitCodes.oneLine(e.getMessage()) + " (hint: see '" + line.getCommandSpec().qualifiedName() + " --help')";
        } else {
            code = ExitCodes.ERROR;
            message = "unexpected " + e.getClass().getSimpleName() + ": " + ExitCodes.oneLine(e.getMessage())
                    + " (hint: run again with BEACON_DEBUG=1 for the stack trace and report it)";
        }
        err.println("beacon: " + message);
        err.flush();
        return code;
    }

    /** {@code beacon --version}: the version the jar was built as. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("cli.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (java.io.IOException ignored) {
                // no version file: a development build
            }
            return new String[] {"beacon " + p.getProperty("version", "dev")};
        }
    }
}
