package dev.beacon.core;

/** A write's answer and the etcd revision it was written at (for writes whose answer does not carry it). */
public record Written<T>(T value, long revision) {
}
