package dev.beacon.client;

import dev.beacon.api.DoctorReport;
import dev.beacon.api.ImportReport;
import dev.beacon.client.internal.Transport;
import dev.beacon.client.internal.Transport.Call;

import java.time.Duration;

/** Operations calls: the server's troubleshooting checklist, snapshots, export and import. One blocking call each. */
public final class Ops {
    /** The doctor contacts every etcd member and the other Beacon servers: give it longer than an ordinary call. */
    static final Duration DOCTOR_DEADLINE = Duration.ofSeconds(30);

    private final Transport transport;

    Ops(Transport transport) {
        this.transport = transport;
    }

    /** An etcd snapshot can take a while to make and move: give it longer than an ordinary call. */
    static final Duration SNAPSHOT_DEADLINE = Duration.ofMinutes(2);

    /**
     * Saves an etcd snapshot ({@code GET /api/v1/backup/snapshot}) to {@code file}, written atomically; returns its size
     * in bytes. Restore it with the server's {@code --restore-from} or {@code etcdctl snapshot restore}.
     */
    public long snapshot(java.nio.file.Path file) {
        return transport.download(Call.get("/api/v1/backup/snapshot").accept("application/octet-stream")
                .serverTime(SNAPSHOT_DEADLINE).deadline(SNAPSHOT_DEADLINE), file);
    }

    /** An export or import moves all of Beacon's data: give it as long as a snapshot. */
    static final Duration TRANSFER_DEADLINE = Duration.ofMinutes(5);

    /**
     * Saves Beacon's data ({@code GET /api/v1/export}: config items with their history and metadata, app/profile and
     * service settings) as one JSON document to {@code file}, written atomically; returns its size in bytes.
     *
     * @param history false leaves the items' history out
     */
    public long export(java.nio.file.Path file, boolean history) {
        return transport.download(Call.get("/api/v1/export").query("history", history)
                .serverTime(TRANSFER_DEADLINE).deadline(TRANSFER_DEADLINE), file);
    }

    /**
     * Imports an export document ({@code POST /api/v1/import}) from {@code file}: what differs is written, nothing is
     * deleted, the same document twice changes nothing. With {@code dryRun} nothing is written; the report says what would
     * change. Safe to retry (the failover does on 503).
     *
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    public ImportReport importFrom(java.nio.file.Path file, boolean dryRun) {
        if (!java.nio.file.Files.isReadable(file)) {
            throw new java.io.UncheckedIOException(new java.io.FileNotFoundException("cannot read " + file));
        }
        return transport.call(Call.post("/api/v1/import", null).file(file, "application/json").query("dryRun", dryRun)
                .serverTime(TRANSFER_DEADLINE).deadline(TRANSFER_DEADLINE), ImportReport.class);
    }

    /** Runs the doctor on the server that answers: every check with its status, detail and hint. */
    public DoctorReport doctor() {
        return transport.call(Call.get("/api/v1/doctor").serverTime(DOCTOR_DEADLINE).deadline(DOCTOR_DEADLINE), DoctorReport.class);
    }
}
