package dev.beacon.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beacon.api.ClientReport;
import dev.beacon.api.ClientReported;
import dev.beacon.api.ConfigClient;
import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import dev.beacon.core.etcd.Leases;
import dev.beacon.core.Written;
import dev.beacon.core.WriteSeam;
import dev.beacon.core.Read;
import dev.beacon.core.Principal;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.keys.Names;
import dev.beacon.core.watch.Entry;
import dev.beacon.core.watch.PrefixMirror;
import io.etcd.jetcd.options.PutOption;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static dev.beacon.core.etcd.Bytes.of;

/**
 * Delivery tracking: which client (an SDK config view) has applied which revision of an app/profile. Each report is
 * one JSON key under {@code {root}/clients/config/{app}/{profile}/{instanceId}} on the client's lease, so a client
 * that stops reporting (crashed, partitioned) vanishes with its lease; one lease per client process carries all of its
 * views. Reads come from the root mirror. Every method blocks up to the request timeout and throws
 * {@link BeaconException}; arguments are checked before anything is sent to etcd.
 */
public final class ConfigClients {
    static final long DEFAULT_TTL = 30;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final EtcdConnection etcd;
    private final KeyLayout keys;
    private final PrefixMirror mirror;

    private final WriteSeam seam;
    private final Leases leases;

    public ConfigClients(EtcdConnection etcd, KeyLayout keys, PrefixMirror rootMirror, WriteSeam seam) {
        this.etcd = etcd;
        this.keys = keys;
        this.mirror = rootMirror;
        this.seam = seam;
        this.leases = new Leases(etcd);
    }

    /** Records a report; keeps its lease alive, or grants a new one when it has none or it is gone. */
    public Written<ClientReported> report(String app, String profile, ClientReport r, Principal who) {
        ConfigRules.requireAddress(app, profile);
        if (r == null) {
            throw BeaconException.badRequest("send {\"instanceId\", \"revision\", \"host\"?, \"pid\"?, \"sdkVersion\"?, \"ttl\"?, \"leaseId\"?}");
        }
        String id = Names.requireName("instanceId", r.instanceId());
        if (r.revision() == null || r.revision() < 0) {
            throw BeaconException.badRequest("revision is missing or negative; send the revision the client has applied");
        }
        long ttl = r.ttl() == null ? DEFAULT_TTL : r.ttl();
        if (ttl < 2 || ttl > 300) {
            throw BeaconException.badRequest("ttl must be between 2 and 300 seconds, got " + ttl);
        }
        String appliedAt = r.appliedAt() == null ? Instant.now().toString() : requireTime(r.appliedAt());
        ObjectNode value = MAPPER.createObjectNode();
        value.put("instanceId", id);
        value.put("host", limit(r.host()));
        value.put("pid", r.pid() == null ? 0 : r.pid());
        value.put("sdkVersion", limit(r.sdkVersion()));
        value.put("revision", r.revision());
        value.put("since", appliedAt);
        value.put("reportedAt", Instant.now().toString());
        String key = keys.configClient(app, profile, id);
        return seam.write(who, "config.clients.report", app + "/" + profile + "/" + id, () -> {
            long lease = liveLease(r.leaseId(), ttl);
            long revision = etcd.await("record delivery report of " + id, () -> etcd.client().getKVClient()
                    .put(of(key), of(value.toString()), PutOption.builder().withLeaseId(lease).build())).getHeader().getRevision();
            return new Written<>(new ClientReported(id, lease, ttl), revision);
        }, Written::revision);
    }

    /** Every live client of the app/profile, as the mirror shows them. */
    public Read<dev.beacon.api.ConfigClients> list(String app, String profile) {
        ConfigRules.requireAddress(app, profile);
        Read<dev.beacon.api.ConfigClients> read = mirror.read(() -> {
            long latest = mirror.list(keys.configPrefix(app, profile)).stream().mapToLong(Entry::modRevision).max().orElse(0);
            List<ConfigClient> clients = new ArrayList<>();
            for (Entry e : mirror.list(keys.configClientPrefix(app, profile))) {
                ConfigClient c = parse(e, latest);
                if (c != null) {
                    clients.add(c);
                }
            }
            clients.sort(Comparator.comparing(ConfigClient::instanceId));
            return new dev.beacon.api.ConfigClients(app, profile, 0, latest, clients);
        });
        return read.map(c -> new dev.beacon.api.ConfigClients(app, profile, read.revision(), c.latestChange(), c.clients()));
    }

    /** Removes one client's report (a closed view); answers whether there was one. */
    public Written<Boolean> remove(String app, String profile, String instanceId, Principal who) {
        ConfigRules.requireAddress(app, profile);
        String id = Names.requireName("instance", instanceId);
        return seam.write(who, "config.clients.remove", app + "/" + profile + "/" + id, () -> {
            var deleted = etcd.await("remove delivery report of " + id, () -> etcd.client().getKVClient()
                    .delete(of(keys.configClient(app, profile, id))));
            return new Written<>(deleted.getDeleted() > 0, deleted.getHeader().getRevision());
        }, Written::revision);
    }

    private long liveLease(Long leaseId, long ttl) {
        if (leaseId != null && leaseId != 0) {
            try {
                etcd.await("keep client lease alive", () -> leases.keepAlive(leaseId));
                return leaseId;
            } catch (BeaconException e) {
                if (e.code() != ErrorCode.NOT_FOUND) {
                    throw e;
                }
                // the lease expired: the client gets a new one and re-reports its other views
            }
        }
        return etcd.await("grant a client lease", () -> leases.grant(ttl, "a config client"));
    }

    private static ConfigClient parse(Entry e, long latest) {
        try {
            JsonNode n = MAPPER.readTree(e.value());
            long revision = n.path("revision").asLong();
            return new ConfigClient(n.path("instanceId").asText(), n.path("host").asText(null), n.path("pid").asLong(),
                    n.path("sdkVersion").asText(null), revision, n.path("since").asText(null),
                    n.path("reportedAt").asText(null), revision >= latest);
        } catch (IOException | RuntimeException notOurs) {
            return null; // written outside Beacon: not a report
        }
    }

    private static String requireTime(String text) {
        try {
            return Instant.parse(text).toString();
        } catch (DateTimeParseException e) {
            throw new BeaconException(ErrorCode.BAD_REQUEST, "appliedAt must be an ISO-8601 instant, got '" + limit(text) + "'");
        }
    }

    private static String limit(String text) {
        return text == null ? null : text.length() > 256 ? text.substring(0, 256) : text;
    }
}
