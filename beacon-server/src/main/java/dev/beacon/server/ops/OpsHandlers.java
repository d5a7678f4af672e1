package dev.beacon.server.ops;

/** The operations endpoints' handlers beside health: the doctor and the metrics. */
public record OpsHandlers(DoctorHandlers doctor, MetricsHandlers metrics) {
}
