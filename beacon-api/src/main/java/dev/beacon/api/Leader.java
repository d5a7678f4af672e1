package dev.beacon.api;

/** The leading candidate of an election: its name, lease and leadership token (its key's create revision). */
public record Leader(String candidate, long leaseId, long token) {
}
