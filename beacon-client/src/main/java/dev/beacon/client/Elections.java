package dev.beacon.client;

import dev.beacon.api.Leadership;
import dev.beacon.client.internal.Transport.Call;

import java.time.Duration;

import static dev.beacon.client.internal.Transport.segment;

/** Leader elections: campaign with a leadership listener; read the current leader. */
public final class Elections {
    private final BeaconClient client;

    Elections(BeaconClient client) {
        this.client = client;
    }

    /**
     * Joins election {@code name} as {@code candidate}; the campaign is kept alive (and its leadership checked) every
     * min(ttl/3, 1 s) until closed, which resigns. The listener hears each change of leadership.
     */
    public Campaign campaign(String name, String candidate, Duration ttl, Campaign.Listener listener) {
        client.requireOpen();
        Campaign c = new Campaign(client, name, candidate, ttl, listener);
        c.start();
        return client.own(c);
    }

    /** The election's leader now (its {@code leader} is null when nobody campaigns). */
    public Leadership leader(String name) {
        return client.transport().call(Call.get("/api/v1/elections/" + segment(name)), Leadership.class);
    }
}
