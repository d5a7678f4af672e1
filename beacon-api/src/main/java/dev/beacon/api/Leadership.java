package dev.beacon.api;

/**
 * An election's state: its leader (null when nobody campaigns), how many candidates there are, and the
 * etcd revision this reflects. Answer of {@code GET /api/v1/elections/{name}} and the data of each
 * leadership-change event.
 */
public record Leadership(String name, Leader leader, int candidates, long revision) {
}
