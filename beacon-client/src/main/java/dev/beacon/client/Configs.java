package dev.beacon.client;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.beacon.api.AppProfiles;
import dev.beacon.api.ConfigClients;
import dev.beacon.api.ConfigList;
import dev.beacon.api.ConfigWritten;
import dev.beacon.api.HistoryRecord;
import dev.beacon.api.Item;
import dev.beacon.client.internal.Json;
import dev.beacon.client.internal.Transport;
import dev.beacon.client.internal.Transport.Call;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.beacon.client.internal.Transport.keyPath;
import static dev.beacon.client.internal.Transport.segment;

/**
 * Config reads and writes over HTTP, one call each (blocking, with the client's deadline and failover; errors as
 * {@link BeaconClientException}). For a live, cached view use {@link BeaconClient#config(String, String)}.
 */
public final class Configs {
    private final Transport transport;

    Configs(Transport transport) {
        this.transport = transport;
    }

    /** Every app and its profiles. */
    public List<AppProfiles> apps() {
        return transport.call(Call.get("/api/v1/apps"), Json.MAPPER.getTypeFactory().constructType(new TypeReference<List<AppProfiles>>() { }));
    }

    /** Every item of the app/profile at one revision. */
    public ConfigList list(String app, String profile) {
        return transport.call(Call.get(base(app, profile)), ConfigList.class);
    }

    /** @throws BeaconClientException NOT_FOUND when there is no such item */
    public Item get(String app, String profile, String key) {
        return transport.call(Call.get(base(app, profile) + "/" + keyPath(key)), Item.class);
    }

    public Item set(String app, String profile, String key, String value) {
        return set(app, profile, key, value, null, null);
    }

    /**
     * Writes one item. {@code ifMatch}: the item's current modRevision (0 = must not exist), or null for no check.
     *
     * @throws BeaconClientException CONFLICT (VERSION_CONFLICT) when {@code ifMatch} does not match
     */
    public Item set(String app, String profile, String key, String value, Long ifMatch, String comment) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", value);
        if (comment != null) {
            body.put("comment", comment);
        }
        return transport.call(Call.put(base(app, profile) + "/" + keyPath(key), body).header("If-Match", ifMatch), Item.class);
    }

    /** Deletes one item ({@code ifMatch} as for {@link #set}). */
    public void delete(String app, String profile, String key, Long ifMatch) {
        transport.call(Call.delete(base(app, profile) + "/" + keyPath(key)).header("If-Match", ifMatch), String.class);
    }

    /** Writes several items in one transaction (all or nothing). */
    public ConfigWritten putAll(String app, String profile, Map<String, String> items, String comment) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        if (comment != null) {
            body.put("comment", comment);
        }
        return transport.call(Call.put(base(app, profile), body), ConfigWritten.class);
    }

    /** The item's changes, newest first. */
    public List<HistoryRecord> history(String app, String profile, String key) {
        return transport.call(Call.get(base(app, profile) + "/" + keyPath(key) + "/history"),
                Json.MAPPER.getTypeFactory().constructType(new TypeReference<List<HistoryRecord>>() { }));
    }

    /** Writes the value the item had at {@code toRevision} again (a new change). */
    public Item rollback(String app, String profile, String key, long toRevision) {
        return transport.call(Call.post(base(app, profile) + "/" + keyPath(key) + "/rollback", Map.of("toRevision", toRevision)), Item.class);
    }

    /** The app/profile as one document; {@code format} is {@code properties}, {@code yaml} or {@code json}. */
    public String export(String app, String profile, String format) {
        return transport.call(Call.get(base(app, profile)).query("format", format).accept("*/*"), String.class);
    }

    /** Writes every item of a document ({@code properties}, {@code yaml} or {@code json}) in one transaction. */
    public ConfigWritten importDocument(String app, String profile, String document, String format, String comment) {
        return transport.call(Call.post(base(app, profile) + "/import", null).text(document, "text/plain; charset=utf-8")
                .query("format", format).query("comment", comment), ConfigWritten.class);
    }

    /** Delivery tracking: which client has applied which revision of the app/profile. */
    public ConfigClients clients(String app, String profile) {
        return transport.call(Call.get(base(app, profile) + "/clients"), ConfigClients.class);
    }

    private static String base(String app, String profile) {
        return "/api/v1/config/" + segment(app) + "/" + segment(profile);
    }
}
