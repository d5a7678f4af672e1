package dev.beacon.server.ops;

/** The operations endpoints' handlers beside health: the doctor, the metrics, backups. */
public record OpsHandlers(DoctorHandlers doctor, MetricsHandlers metrics, BackupHandlers backup) {
}
