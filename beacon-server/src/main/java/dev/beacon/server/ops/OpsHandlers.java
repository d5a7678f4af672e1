package dev.beacon.server.ops;

/** The operations endpoints' handlers beside health: the doctor, the metrics, backups, export and import; and the shutdown drain. */
public record OpsHandlers(DoctorHandlers doctor, MetricsHandlers metrics, BackupHandlers backup, TransferHandlers transfer, Drain drain) {
}
