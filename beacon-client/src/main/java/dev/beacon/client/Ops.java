package dev.beacon.client;

import dev.beacon.api.DoctorReport;
import dev.beacon.client.internal.Transport;
import dev.beacon.client.internal.Transport.Call;

import java.time.Duration;

/** Operations calls: the server's troubleshooting checklist. One blocking call each. */
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

    /** Runs the doctor on the server that answers: every check with its status, detail and hint. */
    public DoctorReport doctor() {
        return transport.call(Call.get("/api/v1/doctor").serverTime(DOCTOR_DEADLINE).deadline(DOCTOR_DEADLINE), DoctorReport.class);
    }
}
