package dev.beacon.core.launcher;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the etcd executable: {@code BEACON_ETCD_BIN}, else {@code etcd} on PATH. */
public final class EtcdBinary {
    public static final String ENV = "BEACON_ETCD_BIN";

    private EtcdBinary() {
    }

    /**
     * @throws IllegalStateException with a message naming the package to install when none is found
     */
    public static Path find() {
        String configured = System.getenv(ENV);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException(ENV + "=" + configured + " is not an executable file");
            }
            return p;
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "etcd");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("etcd was not found on PATH. Install it (Debian/Ubuntu: "
                + "sudo apt-get install etcd-server), set " + ENV + " to the etcd binary, or point Beacon at a "
                + "running cluster with --etcd http://host:2379");
    }
}
