package dev.beacon.it.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beacon.cli.Main;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the {@code beacon} CLI in-process ({@link Main#execute} with captured stdout and stderr, no config file) or as a
 * real process from the fat jar beacon-cli's package phase built ({@code java -jar}).
 */
final class Cli {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Result(int code, String out, String err) {
        JsonNode json() {
            try {
                return MAPPER.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }

        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\\R"));
        }
    }

    private Cli() {
    }

    /** {@code beacon ARGS} with {@code BEACON_SERVER=server}. */
    static Result run(String server, String... args) {
        return runEnv(Map.of("BEACON_SERVER", server, "BEACON_CONFIG", "/nonexistent/beacon-config", "USER", "it"), args);
    }

    static Result runEnv(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, env, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    static Path fatJar() {
        Path target = Path.of("..", "beacon-cli", "target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-all.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no beacon-cli fat jar in " + target.toAbsolutePath() + ": run the package phase"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code java [jvmOptions] -jar beacon-cli-all.jar --server SERVER ARGS} as a real process; stdout and stderr to files. */
    static Process start(Path dir, String name, List<String> jvmOptions, String server, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-jar");
        cmd.add(fatJar().toAbsolutePath().toString());
        cmd.add("--server");
        cmd.add(server);
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile()).start();
    }
}
