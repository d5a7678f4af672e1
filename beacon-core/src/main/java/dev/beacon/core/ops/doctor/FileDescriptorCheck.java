package dev.beacon.core.ops.doctor;

import com.sun.management.UnixOperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.List;

/** Open file descriptors against the process limit: every client connection and stream holds one. */
final class FileDescriptorCheck implements DoctorCheck {
    static final String NAME = "file descriptors";

    @Override
    public List<CheckResult> run(DoctorContext ctx) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (!(os instanceof UnixOperatingSystemMXBean unix)) {
            return List.of(CheckResult.pass(NAME, "not measured on this platform"));
        }
        long open = unix.getOpenFileDescriptorCount();
        long max = unix.getMaxFileDescriptorCount();
        double used = max > 0 ? (double) open / max : 0;
        String detail = String.format("%d of %d open (%.0f%%)", open, max, used * 100);
        String hint = "raise the limit (systemd LimitNOFILE=, ulimit -n, the container's nofile) or spread clients over more servers";
        if (used >= 0.95) {
            return List.of(CheckResult.fail(NAME, detail, hint));
        }
        if (used >= 0.80) {
            return List.of(CheckResult.warn(NAME, detail, hint));
        }
        return List.of(CheckResult.pass(NAME, detail));
    }
}
