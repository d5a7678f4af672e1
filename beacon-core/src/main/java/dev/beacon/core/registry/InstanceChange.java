package dev.beacon.core.registry;

import dev.beacon.api.Instance;
import dev.beacon.core.watch.ChangeEvent;

/**
 * A change of one instance, made from a mirror {@link ChangeEvent} by {@link Discovery#change}: what a
 * service's long poll, SSE stream and WebSocket carry. {@code type} DELETE means the instance is gone
 * ({@code instance} then shows it as it was, with status DOWN).
 */
public record InstanceChange(ChangeEvent.Type type, long revision, Instance instance) {
}
