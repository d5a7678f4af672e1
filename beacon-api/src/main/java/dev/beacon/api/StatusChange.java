package dev.beacon.api;

/** Body of {@code PUT .../instances/{id}/status}: {@code UP} (clears an override), {@code DRAINING} or {@code OUT_OF_SERVICE}. */
public record StatusChange(String status) {
}
