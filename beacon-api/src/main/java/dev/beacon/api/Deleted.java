package dev.beacon.api;

/** Answer of a delete: how many keys were removed. */
public record Deleted(long deleted) {
}
