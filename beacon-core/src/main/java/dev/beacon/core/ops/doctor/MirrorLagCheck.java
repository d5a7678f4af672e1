package dev.beacon.core.ops.doctor;

import dev.beacon.core.etcd.EtcdHealth;
import dev.beacon.core.watch.PrefixMirror;

import java.util.ArrayList;
import java.util.List;

/** Every mirror is loaded, live and caught up with etcd's revision (reads answer from them). */
final class MirrorLagCheck implements DoctorCheck {
    static final String NAME = "mirror lag";
    static final long MAX_LAG_MS = 5000;

    @Override
    public List<CheckResult> run(DoctorContext ctx) {
        EtcdHealth etcd = ctx.etcd().monitor().health();
        List<String> bad = new ArrayList<>();
        List<String> all = new ArrayList<>();
        boolean unloaded = false;
        for (PrefixMirror m : ctx.mirrors()) {
            if (etcd.reachable()) {
                m.observeEtcdRevision(etcd.revision());
            }
            String one = m.prefix() + " " + m.state() + " at revision " + m.revision() + ", " + m.lagMillis() + " ms behind";
            all.add(one);
            if (!m.isLoaded()) {
                unloaded = true;
                bad.add(one);
            } else if (!m.isCurrent() || m.lagMillis() > MAX_LAG_MS) {
                bad.add(one);
            }
        }
        String detail = String.join("; ", all) + " (etcd revision " + etcd.revision() + ")";
        if (unloaded) {
            return List.of(CheckResult.fail(NAME, "not loaded: " + String.join("; ", bad),
                    "the server cannot read etcd: see the endpoint checks and /ready"));
        }
        if (!bad.isEmpty()) {
            return List.of(CheckResult.warn(NAME, "behind or disconnected: " + String.join("; ", bad),
                    "reads are served from memory and may be stale; check etcd's reachability and load (see the other checks)"));
        }
        return List.of(CheckResult.pass(NAME, detail));
    }
}
