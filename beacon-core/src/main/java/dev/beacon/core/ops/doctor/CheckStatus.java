package dev.beacon.core.ops.doctor;

/** A check's verdict, from good to bad: the order matters ({@link #worst}). */
public enum CheckStatus {
    PASS, WARN, FAIL;

    public static CheckStatus worst(CheckStatus a, CheckStatus b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
