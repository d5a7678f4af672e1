package dev.beacon.core.ops.doctor;

import dev.beacon.core.watch.PrefixMirror;

import java.time.Instant;
import java.util.List;

/** The mirrors' watch streams: how often they broke (jetcd resumes them) and how often a mirror had to re-list. */
final class WatchStreamCheck implements DoctorCheck {
    static final String NAME = "watch reconnects";

    @Override
    public List<CheckResult> run(DoctorContext ctx) {
        long breaks = 0;
        long reloads = 0;
        long last = 0;
        for (PrefixMirror m : ctx.mirrors()) {
            breaks += m.streamBreaks();
            reloads += m.reloads();
            last = Math.max(last, m.lastBreakMillis());
        }
        String detail = breaks + " watch stream break(s) and " + reloads + " re-list(s) since start"
                + (last == 0 ? "" : ", last break at " + Instant.ofEpochMilli(last));
        if (last > System.currentTimeMillis() - DoctorContext.RECENT.toMillis()) {
            return List.of(CheckResult.warn(NAME, detail + " (within the last " + DoctorContext.RECENT.toMinutes() + " min)",
                    "watch streams break when an etcd member restarts or the network drops; if it repeats, check the "
                            + "endpoint checks, etcd's logs and any proxy or firewall idle timeout between Beacon and etcd"));
        }
        return List.of(CheckResult.pass(NAME, detail));
    }
}
