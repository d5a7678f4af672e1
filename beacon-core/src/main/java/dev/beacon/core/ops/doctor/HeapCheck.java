package dev.beacon.core.ops.doctor;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * Heap headroom: what the collector could not free at its last run (the old generation after GC) against the
 * largest heap the JVM may use. Heap in use right now includes garbage, so it is shown but not judged.
 */
final class HeapCheck implements DoctorCheck {
    static final String NAME = "heap headroom";

    @Override
    public List<CheckResult> run(DoctorContext ctx) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long max = heap.getMax() > 0 ? heap.getMax() : Runtime.getRuntime().maxMemory();
        long live = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterGc = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (afterGc != null && pool.getName().matches("(?i).*(old|tenured).*")) {
                live += afterGc.getUsed();
            }
        }
        double used = (double) live / max;
        String detail = String.format("%s in use, %s live after the last collection, of %s max (%.0f%% live)",
                DbQuotaCheck.mib(heap.getUsed()), DbQuotaCheck.mib(live), DbQuotaCheck.mib(max), used * 100);
        String hint = "raise -Xmx (or the container memory with -XX:MaxRAMPercentage), or look for what holds memory: "
                + "subscribers, mirrored prefixes (see /metrics)";
        if (used >= 0.90) {
            return List.of(CheckResult.fail(NAME, detail, hint));
        }
        if (used >= 0.75) {
            return List.of(CheckResult.warn(NAME, detail, hint));
        }
        return List.of(CheckResult.pass(NAME, detail));
    }
}
