package dev.beacon.core.keys;

/**
 * Where Beacon keeps things in etcd, under a configurable root (default {@code /beacon}).
 * The only class that builds or parses Beacon's keys; the table is in docs/architecture.md.
 *
 * <pre>
 * {root}/config/{app}/{profile}/{key}                 raw config value
 * {root}/history/{app}/{profile}/{key}/{revision:20}  JSON history record
 * {root}/meta/config/{app}/{profile}/{key}            JSON metadata of the item's last Beacon write
 * {root}/meta/config/{app}/{profile}                  JSON metadata of the app/profile's last batch write
 * {root}/meta/settings/{app}/{profile}                JSON settings of an app/profile (declared value format)
 * {root}/meta/history-checkpoint                      revision up to which every config change is recorded
 * {root}/services/{service}/{id}                      instance JSON, on the instance's lease
 * {root}/health/{service}/{id}                        health JSON, on the instance's lease
 * {root}/service-settings/{service}                   service settings JSON (protection threshold)
 * {root}/events/services/{service}/{id}/{suffix}      instance event JSON, on a rotating retention lease (not mirrored)
 * {root}/servers/{serverId}                           a live Beacon server, on that server's lease
 * {root}/locks/{name}/{leaseHex}                      one contender for a lock, on its lease (etcd's lock recipe)
 * {root}/elections/{name}/{leaseHex}                  one candidate of an election, on its lease (etcd's election recipe)
 * {root}/sessions/{id}                                session JSON, on the session's lease
 * {root}/clients/config/{app}/{profile}/{instanceId}  JSON delivery report of one SDK config view, on the client's lease
 * {root}/auth/tokens/{id}                             JSON token record (role, scopes, hash of the secret; never the token)
 * {root}/auth/sessions/{id}                           JSON console session (token id, hash of the cookie secret), on the session's lease
 * {root}/audit/{epochMicros:17}-{random:12}           JSON audit record of one write (not mirrored; sorted by time)
 * </pre>
 */
public final class KeyLayout {
    public static final String DEFAULT_ROOT = "/beacon";
    private final String root;

    public KeyLayout(String root) {
        if (root == null || !root.startsWith("/") || root.endsWith("/") || root.length() < 2) {
            throw new IllegalArgumentException("key root must start with '/' and not end with one, e.g. /beacon");
        }
        this.root = root;
    }

    public static KeyLayout defaults() {
        return new KeyLayout(DEFAULT_ROOT);
    }

    public String root() {
        return root;
    }

    /** The root with its trailing slash: every key of Beacon's starts with it. */
    public String rootPrefix() {
        return root + "/";
    }

    /**
     * Prefixes under the root that the server's mirror does not hold in memory (they grow without bound
     * and are read from etcd on demand): config history, the audit trail and instance events.
     */
    public java.util.List<String> unmirrored() {
        return java.util.List.of(historyRoot(), auditRoot(), eventsRoot());
    }

    // audit

    /** The audit trail: one record per write, keyed so that key order is time order (read newest first in reverse). */
    public String auditRoot() {
        return root + "/audit/";
    }

    /** The key of the audit record with id {@code id} ({@code {epochMicros:17}-{random}}). */
    public String audit(String id) {
        return auditRoot() + id;
    }

    // config

    public String configRoot() {
        return root + "/config/";
    }

    public String configPrefix(String app, String profile) {
        return configRoot() + app + "/" + profile + "/";
    }

    public String config(String app, String profile, String key) {
        return configPrefix(app, profile) + key;
    }

    public String historyRoot() {
        return root + "/history/";
    }

    public String historyPrefix(String app, String profile, String key) {
        return historyRoot() + app + "/" + profile + "/" + key + "/";
    }

    public String history(String app, String profile, String key, long revision) {
        return historyPrefix(app, profile, key) + String.format("%020d", revision);
    }

    /** Metadata (who, when, comment) of the item's last write through Beacon, written in the same txn as the value. */
    public String configMeta(String app, String profile, String key) {
        return configMetaRoot() + app + "/" + profile + "/" + key;
    }

    public String configMetaRoot() {
        return root + "/meta/config/";
    }

    /** Metadata of the last batch write into an app/profile (one key for the whole batch, same txn). */
    public String batchMeta(String app, String profile) {
        return configMetaRoot() + app + "/" + profile;
    }

    /** Settings of an app/profile, such as the declared value format. */
    public String profileSettings(String app, String profile) {
        return profileSettingsRoot() + app + "/" + profile;
    }

    public String profileSettingsRoot() {
        return root + "/meta/settings/";
    }

    /** The app/profile whose settings key ({@link #profileSettings}) this is; null for any other key. */
    public AppProfile parseProfileSettings(String etcdKey) {
        if (!etcdKey.startsWith(profileSettingsRoot())) {
            return null;
        }
        String rest = etcdKey.substring(profileSettingsRoot().length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
            return null;
        }
        return new AppProfile(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** An app/profile's address. */
    public record AppProfile(String app, String profile) {
    }

    /** The revision up to which every config change has a history record (advanced by the servers' recorders). */
    public String historyCheckpoint() {
        return root + "/meta/history-checkpoint";
    }

    /** Splits a key under {@link #configRoot()} into app, profile and key; null if it is not a config key. */
    public ConfigKey parseConfig(String etcdKey) {
        if (!etcdKey.startsWith(configRoot())) {
            return null;
        }
        String rest = etcdKey.substring(configRoot().length());
        int a = rest.indexOf('/');
        int p = a < 0 ? -1 : rest.indexOf('/', a + 1);
        if (a <= 0 || p <= a + 1 || p == rest.length() - 1) {
            return null;
        }
        return new ConfigKey(rest.substring(0, a), rest.substring(a + 1, p), rest.substring(p + 1));
    }

    /** The item whose metadata key ({@link #configMeta}) this is; null for any other key (a batch's metadata too). */
    public ConfigKey parseConfigMeta(String metaKey) {
        if (!metaKey.startsWith(configMetaRoot())) {
            return null;
        }
        return parseConfig(configRoot() + metaKey.substring(configMetaRoot().length()));
    }

    /** A config item's address. */
    public record ConfigKey(String app, String profile, String key) {
    }

    // registry

    public String servicesRoot() {
        return root + "/services/";
    }

    public String servicePrefix(String service) {
        return servicesRoot() + service + "/";
    }

    public String instance(String service, String id) {
        return servicePrefix(service) + id;
    }

    public String healthRoot() {
        return root + "/health/";
    }

    public String healthPrefix(String service) {
        return healthRoot() + service + "/";
    }

    public String health(String service, String id) {
        return healthPrefix(service) + id;
    }

    public String serviceSettingsRoot() {
        return root + "/service-settings/";
    }

    public String serviceSettings(String service) {
        return serviceSettingsRoot() + service;
    }

    /** The service whose settings key ({@link #serviceSettings}) this is; null for any other key. */
    public String parseServiceSettings(String etcdKey) {
        if (!etcdKey.startsWith(serviceSettingsRoot())) {
            return null;
        }
        String service = etcdKey.substring(serviceSettingsRoot().length());
        return service.isEmpty() || service.contains("/") ? null : service;
    }

    /** Everything event-like that only etcd keeps (not mirrored): instance events today. */
    public String eventsRoot() {
        return root + "/events/";
    }

    public String instanceEventsPrefix(String service, String id) {
        return eventsRoot() + "services/" + service + "/" + id + "/";
    }

    public String instanceEvent(String service, String id, String suffix) {
        return instanceEventsPrefix(service, id) + suffix;
    }

    /** Live Beacon servers register here, each on its own lease. */
    public String serversRoot() {
        return root + "/servers/";
    }

    public String server(String serverId) {
        return serversRoot() + serverId;
    }

    /** The server id of a key under {@link #serversRoot()}; null for any other key. */
    public String parseServer(String etcdKey) {
        return etcdKey.startsWith(serversRoot()) && etcdKey.length() > serversRoot().length()
                ? etcdKey.substring(serversRoot().length()) : null;
    }

    /**
     * The name of the queue (lock or election) a contender key {@code {queueRoot}{name}/{leaseHex}} belongs to,
     * with {@code queueRoot} = {@link #locksRoot()} or {@link #electionsRoot()}; null for any other key.
     */
    public static String parseQueueName(String queueRoot, String etcdKey) {
        if (!etcdKey.startsWith(queueRoot)) {
            return null;
        }
        int slash = etcdKey.indexOf('/', queueRoot.length());
        return slash > queueRoot.length() ? etcdKey.substring(queueRoot.length(), slash) : null;
    }

    /**
     * Splits an instance key ({@code {root}/services/{service}/{id}}) or a health key
     * ({@code {root}/health/{service}/{id}}) into service and id; null for any other key.
     */
    public InstanceKey parseInstance(String etcdKey) {
        String rest;
        boolean health;
        if (etcdKey.startsWith(servicesRoot())) {
            rest = etcdKey.substring(servicesRoot().length());
            health = false;
        } else if (etcdKey.startsWith(healthRoot())) {
            rest = etcdKey.substring(healthRoot().length());
            health = true;
        } else {
            return null;
        }
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
            return null;
        }
        return new InstanceKey(rest.substring(0, slash), rest.substring(slash + 1), health);
    }

    /** An instance's address, and whether the parsed key was its health key. */
    public record InstanceKey(String service, String id, boolean health) {
    }

    // coordination

    public String locksRoot() {
        return root + "/locks/";
    }

    /** The lock's name as etcd's lock API takes it: {@code lock(name, lease)} there puts {@code <this>/<leaseHex>}. */
    public String lock(String name) {
        return locksRoot() + name;
    }

    /** The queue of one lock: every contender's key lies directly under it. */
    public String lockPrefix(String name) {
        return queuePrefix(locksRoot(), name);
    }

    /** The prefix of queue {@code name} (a lock's or an election's) under {@code queueRoot}. */
    public static String queuePrefix(String queueRoot, String name) {
        return queueRoot + name + "/";
    }

    /** One contender's key, named by its lease in lower-case hex like etcd's own lock API names it. */
    public String lockKey(String name, long leaseId) {
        return lockPrefix(name) + Long.toHexString(leaseId);
    }

    public String electionsRoot() {
        return root + "/elections/";
    }

    /** The election's name as etcd's election API takes it. */
    public String election(String name) {
        return electionsRoot() + name;
    }

    /** Every candidate's key of one election lies directly under this prefix. */
    public String electionPrefix(String name) {
        return queuePrefix(electionsRoot(), name);
    }

    public String electionKey(String name, long leaseId) {
        return electionPrefix(name) + Long.toHexString(leaseId);
    }

    public String sessionsRoot() {
        return root + "/sessions/";
    }

    public String session(String id) {
        return sessionsRoot() + id;
    }

    // delivery tracking

    public String configClientsRoot() {
        return root + "/clients/config/";
    }

    public String configClientPrefix(String app, String profile) {
        return configClientsRoot() + app + "/" + profile + "/";
    }

    public String configClient(String app, String profile, String instanceId) {
        return configClientPrefix(app, profile) + instanceId;
    }

    // auth

    /** API tokens: one record per token, holding only a hash of its secret. */
    public String authTokensRoot() {
        return root + "/auth/tokens/";
    }

    public String authToken(String id) {
        return authTokensRoot() + id;
    }

    /** Console sessions: one record per login, on a lease that ends it. */
    public String authSessionsRoot() {
        return root + "/auth/sessions/";
    }

    public String authSession(String id) {
        return authSessionsRoot() + id;
    }
}
