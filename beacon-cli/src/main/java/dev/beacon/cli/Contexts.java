package dev.beacon.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The config file of named contexts, like kubectl's: {@code $BEACON_CONFIG}, else
 * {@code $XDG_CONFIG_HOME/beacon/config}, else {@code ~/.config/beacon/config}. A properties file:
 * <pre>
 * current = prod
 * context.prod.server = http://10.0.0.1:8080,http://10.0.0.2:8080
 * context.prod.token = ...
 * </pre>
 * Read on each command; written only by {@code beacon context set|use|delete}.
 */
final class Contexts {
    record Context(String name, String server, String token) {
    }

    private final Path file;
    private final Properties props = new Properties();

    private Contexts(Path file) {
        this.file = file;
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new CliException(ExitCodes.ERROR, "cannot read the config file " + file + ": " + e.getMessage(),
                        "fix or remove it");
            }
        }
    }

    static Path location(Map<String, String> env) {
        if (env.get("BEACON_CONFIG") != null) {
            return Path.of(env.get("BEACON_CONFIG"));
        }
        if (env.get("XDG_CONFIG_HOME") != null) {
            return Path.of(env.get("XDG_CONFIG_HOME"), "beacon", "config");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".config", "beacon", "config");
    }

    static Contexts at(Path file) {
        return new Contexts(file);
    }

    Path file() {
        return file;
    }

    String current() {
        return props.getProperty("current");
    }

    /** The named context, or the current one when {@code name} is null; null when there is none. */
    Context resolve(String name) {
        String n = name != null ? name : current();
        if (n == null) {
            return null;
        }
        Context c = all().get(n);
        if (c == null && name != null) {
            throw new CliException(ExitCodes.USAGE, "no context '" + name + "' in " + file, "list them with 'beacon context ls'");
        }
        return c;
    }

    Map<String, Context> all() {
        Map<String, Context> all = new TreeMap<>();
        for (String k : props.stringPropertyNames()) {
            if (k.startsWith("context.") && k.lastIndexOf('.') > "context.".length()) {
                String n = k.substring("context.".length(), k.lastIndexOf('.'));
                all.put(n, new Context(n, props.getProperty("context." + n + ".server"), props.getProperty("context." + n + ".token")));
            }
        }
        return all;
    }

    void set(String name, String server, String token) {
        if (server != null) {
            props.setProperty("context." + name + ".server", server);
        }
        if (token != null) {
            props.setProperty("context." + name + ".token", token);
        }
        save();
    }

    void use(String name) {
        if (!all().containsKey(name)) {
            throw new CliException(ExitCodes.NOT_FOUND, "no context '" + name + "' in " + file,
                    "create it with 'beacon context set " + name + " --server URL'");
        }
        props.setProperty("current", name);
        save();
    }

    private void save() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                props.store(w, "beacon CLI contexts");
            }
            try {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // tokens are secrets: owner-only where the file system knows permissions
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot write the config file " + file + ": " + e.getMessage(),
                    "check the directory's permissions or set BEACON_CONFIG");
        }
    }
}
