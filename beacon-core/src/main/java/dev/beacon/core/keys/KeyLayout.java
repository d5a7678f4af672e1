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
 * {root}/locks/{name}                                 etcd lock API prefix
 * {root}/elections/{name}                             etcd election API prefix
 * {root}/sessions/{id}                                session JSON, on the session's lease
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
     * and are read from etcd on demand): config history and the audit trail.
     */
    public java.util.List<String> unmirrored() {
        return java.util.List.of(historyRoot(), root + "/audit/");
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
        return root + "/meta/settings/" + app + "/" + profile;
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

    public String health(String service, String id) {
        return healthRoot() + service + "/" + id;
    }

    // coordination

    public String lock(String name) {
        return root + "/locks/" + name;
    }

    public String election(String name) {
        return root + "/elections/" + name;
    }

    public String sessionsRoot() {
        return root + "/sessions/";
    }

    public String session(String id) {
        return sessionsRoot() + id;
    }
}
