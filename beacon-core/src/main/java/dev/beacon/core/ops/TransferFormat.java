package dev.beacon.core.ops;

/**
 * The export document's identity: {@code {"format":"beacon-export","version":1,...}}. An importer accepts only the
 * versions it knows; a new version is added for a change an older importer would misread (new optional fields are not
 * one: importers skip fields they do not know).
 */
public final class TransferFormat {
    public static final String FORMAT = "beacon-export";
    public static final int VERSION = 1;

    private TransferFormat() {
    }
}
