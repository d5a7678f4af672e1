package dev.beacon.core;

import java.util.function.Function;

/**
 * A read's answer: the value, the etcd revision it reflects (never newer than the value: a long poll or a
 * stream from this revision hears of every later change) and whether it was served from memory while the
 * mirror had lost etcd ({@code stale}). Every core read returns one; the server turns it into
 * {@code X-Beacon-Revision} and {@code X-Beacon-Stale} in one place.
 */
public record Read<T>(T value, long revision, boolean stale) {
    /** A linearizable read from etcd at {@code revision}: never stale. */
    public static <T> Read<T> consistent(T value, long revision) {
        return new Read<>(value, revision, false);
    }

    /** The same read with its value mapped. */
    public <U> Read<U> map(Function<? super T, ? extends U> f) {
        return new Read<>(f.apply(value), revision, stale);
    }
}
