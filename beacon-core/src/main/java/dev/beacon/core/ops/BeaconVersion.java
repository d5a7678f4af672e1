package dev.beacon.core.ops;

/** This build's version, as servers publish it in their membership record and {@code /health}. */
public final class BeaconVersion {
    /** Keep in step with the Maven project version and {@code Main}'s {@code --version}. */
    public static final String VERSION = "0.1.0";

    private BeaconVersion() {
    }
}
