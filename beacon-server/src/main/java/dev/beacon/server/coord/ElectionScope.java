package dev.beacon.server.coord;

import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import dev.beacon.core.coord.Elections;
import dev.beacon.core.coord.LeaderTracker;
import dev.beacon.server.events.Scopes;
import dev.beacon.server.events.StreamScope;

import java.util.concurrent.TimeUnit;

/**
 * The stream of one election's leadership ({@code elections/{name}}): every event is the whole leadership
 * ({@code {"name","leader"?,"candidates","revision"}}), the first one the state when the stream opens, then
 * one per change of leader or candidates. Being states, these streams always start from now.
 */
public final class ElectionScope implements Scopes.Kind {
    private final Scopes scopes;
    private final Elections elections;

    public ElectionScope(Scopes scopes, Elections elections) {
        this.scopes = scopes;
        this.elections = elections;
    }

    @Override
    public StreamScope resolve(String name, String[] parts) {
        if (parts.length != 1) {
            throw BeaconException.badRequest("'" + name + "' must be elections/{name}");
        }
        String prefix = elections.prefix(parts[0]);
        LeaderTracker tracker;
        try {
            tracker = elections.tracker(parts[0]).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new BeaconException(ErrorCode.ETCD_UNAVAILABLE, "cannot read election " + parts[0] + ": " + e.getMessage(),
                    "check /ready");
        }
        return scopes.states(name, prefix, new StreamScope.Snapshot(tracker.seededAt(), tracker.current()),
                e -> tracker.apply(e).orElse(null));
    }
}
