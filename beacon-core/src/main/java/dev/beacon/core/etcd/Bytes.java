package dev.beacon.core.etcd;

import io.etcd.jetcd.ByteSequence;

import java.nio.charset.StandardCharsets;

/** UTF-8 conversions between Java strings and jetcd byte sequences. */
public final class Bytes {
    private Bytes() {
    }

    public static ByteSequence of(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    public static String str(ByteSequence b) {
        return b.toString(StandardCharsets.UTF_8);
    }
}
