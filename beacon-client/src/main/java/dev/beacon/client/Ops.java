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

    /** Runs the doctor on the server that answers: every check with its status, detail and hint. */
    public DoctorReport doctor() {
        return transport.call(Call.get("/api/v1/doctor").deadline(DOCTOR_DEADLINE), DoctorReport.class);
    }
}
