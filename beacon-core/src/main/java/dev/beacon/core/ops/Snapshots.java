package dev.beacon.core.ops;

import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.EtcdErrors;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * etcd snapshots (Maintenance.snapshot: the whole keyspace of the member that answers, as {@code etcdctl snapshot
 * save} writes it). A snapshot is written to a file first, never straight to a client: jetcd writes it from its
 * gRPC thread, which must not wait on a slow HTTP client.
 *
 * <p>Blocks the caller until the snapshot is on disk or {@link #TIMEOUT} passed (far beyond the request deadline:
 * a large database takes a while). On failure the partial file is deleted.
 */
public final class Snapshots {
    public static final Duration TIMEOUT = Duration.ofMinutes(10);
    private final EtcdConnection etcd;

    public Snapshots(EtcdConnection etcd) {
        this.etcd = etcd;
    }

    /** Saves a snapshot to {@code file}; returns its size in bytes. */
    public long save(Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            long bytes = etcd.client().getMaintenanceClient().snapshot(out)
                    .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
            out.flush();
            return bytes;
        } catch (IOException e) {
            delete(file);
            throw new UncheckedIOException("cannot write the snapshot to " + file + ": " + e.getMessage(), e);
        } catch (CompletionException | IllegalStateException e) {
            delete(file);
            BeaconException mapped = EtcdErrors.map(e, "save a snapshot", etcd.endpoints());
            throw new BeaconException(mapped.code() == ErrorCode.INTERNAL ? ErrorCode.ETCD_UNAVAILABLE : mapped.code(),
                    "etcd could not make a snapshot: " + mapped.getMessage(),
                    "check the doctor (GET /api/v1/doctor) and etcd's free disk; etcdctl snapshot save is the same call");
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file; the OS cleans it up
        }
    }
}
