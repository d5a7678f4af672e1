package dev.beacon.client;

import dev.beacon.api.Session;
import dev.beacon.api.SessionLease;
import dev.beacon.api.SessionPut;
import dev.beacon.client.internal.Transport;
import dev.beacon.client.internal.Transport.Call;

import java.time.Duration;
import java.util.Map;

import static dev.beacon.client.internal.Transport.segment;

/** Shared sessions that expire with their lease: one blocking call each. */
public final class Sessions {
    private final Transport transport;

    Sessions(Transport transport) {
        this.transport = transport;
    }

    /** Creates or replaces a session living {@code ttl} (2–300 s) without a touch. */
    public Session put(String id, Map<String, ?> data, Duration ttl) {
        return transport.call(Call.put("/api/v1/sessions/" + segment(id), new SessionPut(data, ttl.toSeconds())), Session.class);
    }

    /** @throws BeaconClientException NOT_FOUND when it never existed, was deleted or expired */
    public Session get(String id) {
        return transport.call(Call.get("/api/v1/sessions/" + segment(id)), Session.class);
    }

    /** Keeps it alive for another ttl. @throws BeaconClientException NOT_FOUND when it has expired */
    public SessionLease touch(String id) {
        return transport.call(Call.put("/api/v1/sessions/" + segment(id) + "/touch", null), SessionLease.class);
    }

    public void delete(String id) {
        transport.call(Call.delete("/api/v1/sessions/" + segment(id)), String.class);
    }
}
