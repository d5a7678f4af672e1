package dev.beacon.core.ops.doctor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs the checklist: every check in order, against one fresh {@link DoctorContext}. Blocks the caller for at
 * most a few request timeouts (each etcd call and socket is bounded); never throws — a check that fails to run
 * is itself a FAIL naming the exception.
 */
public final class Doctor {
    private final Supplier<DoctorContext> contexts;
    private final List<DoctorCheck> checks;

    public Doctor(Supplier<DoctorContext> contexts, List<DoctorCheck> checks) {
        this.contexts = contexts;
        this.checks = List.copyOf(checks);
    }

    /** The standard checklist, in the order an operator would go through it. */
    public static List<DoctorCheck> standardChecks() {
        return List.of(new EndpointCheck(), new LeaderCheck(), new AlarmCheck(), new DbQuotaCheck(), new RaftIndexCheck(),
                new MirrorLagCheck(), new WatchStreamCheck(), new SlowEtcdCallsCheck(), new ServersCheck(),
                new ClockSkewCheck(), new FileDescriptorCheck(), new HeapCheck());
    }

    public DoctorReport run() {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        DoctorContext context = contexts.get();
        List<CheckResult> results = new ArrayList<>();
        CheckStatus worst = CheckStatus.PASS;
        for (DoctorCheck check : checks) {
            List<CheckResult> some;
            try {
                some = check.run(context);
            } catch (RuntimeException e) {
                some = List.of(CheckResult.fail(check.getClass().getSimpleName(), "the check could not run: " + e,
                        "this is a bug in Beacon; report it with the server log"));
            }
            for (CheckResult r : some) {
                results.add(r);
                worst = CheckStatus.worst(worst, r.status());
            }
        }
        return new DoctorReport(worst, results, start, (System.nanoTime() - t0) / 1_000_000);
    }
}
