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

    /** The end of the range of every key starting with {@code prefix}: the smallest key greater than all of them. */
    public static ByteSequence prefixEnd(String prefix) {
        byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return ByteSequence.from(java.util.Arrays.copyOf(end, i + 1));
            }
        }
        return ByteSequence.from(new byte[]{0});
    }
}
