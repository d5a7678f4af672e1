package dev.beacon.server.ops;

/** The operations endpoints' handlers beside health: the doctor, the metrics, backups; and the shutdown drain. */
public record OpsHandlers(DoctorHandlers doctor, MetricsHandlers metrics, BackupHandlers backup, Drain drain) {
}
