package dev.beacon.core.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Restores an etcd snapshot into a data directory with {@code etcdctl snapshot restore} (found beside the etcd
 * binary, or on PATH): the directory then holds a one-member cluster with the snapshot's keys, ready to start.
 * An existing directory is moved aside (to {@code <dir>.before-restore-<epoch seconds>}), never deleted.
 */
public final class SnapshotRestore {
    private SnapshotRestore() {
    }

    /**
     * @throws IllegalStateException when the snapshot is missing or invalid or etcdctl fails (the message says why)
     */
    public static void restore(Path snapshot, Path dataDir, String name, String peerUrl, String clusterToken) {
        if (!Files.isRegularFile(snapshot)) {
            throw new IllegalStateException("the snapshot " + snapshot + " does not exist");
        }
        try {
            if (Files.exists(dataDir)) {
                Path aside = dataDir.resolveSibling(dataDir.getFileName() + ".before-restore-" + System.currentTimeMillis() / 1000);
                Files.move(dataDir, aside);
            }
            Path etcdctl = etcdctl();
            ProcessBuilder pb = new ProcessBuilder(List.of(etcdctl.toString(), "snapshot", "restore", snapshot.toAbsolutePath().toString(),
                    "--data-dir", dataDir.toAbsolutePath().toString(), "--name", name,
                    "--initial-cluster", name + "=" + peerUrl, "--initial-advertise-peer-urls", peerUrl,
                    "--initial-cluster-token", clusterToken)).redirectErrorStream(true);
            pb.environment().put("ETCDCTL_API", "3");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("etcdctl snapshot restore of " + snapshot + " failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore " + snapshot + " into " + dataDir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restoring " + snapshot, e);
        }
    }

    static Path etcdctl() {
        Path beside = EtcdBinary.find().resolveSibling("etcdctl");
        if (Files.isExecutable(beside)) {
            return beside;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "etcdctl");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException("etcdctl was not found beside etcd or on PATH; install it: apt-get install etcd-client");
    }
}
