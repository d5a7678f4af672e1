package dev.beacon.core;

import java.time.Instant;

/**
 * One write that went through the {@link WriteSeam}: what audit keeps and metrics count.
 *
 * @param time     when it finished
 * @param who      who wrote
 * @param action   what kind of write, e.g. {@code config.put}, {@code registry.register}, {@code locks.release}
 * @param target   what it wrote, e.g. {@code shop/prod/db.url}, {@code orders/o-1}
 * @param revision the etcd revision written, or 0 when it failed
 * @param result   {@code OK}, or the error code it failed with
 */
public record WriteRecord(Instant time, Principal who, String action, String target, long revision, String result) {
    public boolean ok() {
        return "OK".equals(result);
    }
}
