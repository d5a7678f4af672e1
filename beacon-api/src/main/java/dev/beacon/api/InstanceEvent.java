package dev.beacon.api;

/**
 * One entry of an instance's history ({@code GET .../instances/{id}/events}): what happened
 * ({@link InstanceEventType}), whether it removed the instance, a human detail, when (ISO-8601),
 * the etcd revision it happened at, and the Beacon server that recorded it.
 */
public record InstanceEvent(String type, boolean removal, String detail, String time, long revision, String server) {
}
