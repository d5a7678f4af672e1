package dev.beacon.core.registry;

import dev.beacon.core.Principal;
import dev.beacon.core.WriteSeam;
import dev.beacon.core.Read;
import dev.beacon.api.ServiceSettings;
import dev.beacon.core.BeaconException;
import dev.beacon.core.StoredJson;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.keys.Names;
import dev.beacon.core.watch.PrefixMirror;

import static dev.beacon.core.etcd.Bytes.of;

/**
 * Per-service settings under {@code {root}/service-settings/{service}} (no lease: they outlive the
 * instances). Today one setting: the protection threshold. Reads come from the mirror; a write blocks
 * up to the request timeout.
 */
public final class ServiceSettingsStore {
    private final EtcdConnection etcd;
    private final PrefixMirror mirror;
    private final WriteSeam seam;
    private final KeyLayout keys;

    public ServiceSettingsStore(EtcdConnection etcd, PrefixMirror mirror, KeyLayout keys, WriteSeam seam) {
        this.etcd = etcd;
        this.seam = seam;
        this.mirror = mirror;
        this.keys = keys;
    }

    /** The service's settings; defaults (threshold 0 = off) when none are stored. */
    public Read<ServiceSettings> get(String service) {
        Names.requireName("service", service);
        return mirror.read(() -> new ServiceSettings(protectThreshold(service)));
    }

    /** Writes the settings; returns the revision. @throws BeaconException BAD_REQUEST for a threshold outside 0–1 */
    public long put(String service, ServiceSettings settings, Principal who) {
        return put("registry.settings", service, settings, who);
    }

    /** {@link #put} as the write {@code action} (e.g. {@code registry.import-settings}) at the write seam. */
    public long put(String action, String service, ServiceSettings settings, Principal who) {
        requireValid(service, settings);
        String value = StoredJson.write(new ServiceSettings(settings.protectThreshold()));
        return seam.write(who, action, service, () -> etcd.await("write the settings of service " + service,
                () -> etcd.client().getKVClient().put(of(keys.serviceSettings(service)), of(value))).getHeader().getRevision());
    }

    /** Checks a service name and its settings as {@link #put} does, writing nothing. @throws BeaconException */
    public static void requireValid(String service, ServiceSettings settings) {
        Names.requireName("service", service);
        Double t = settings == null ? null : settings.protectThreshold();
        if (t == null || t.isNaN() || t < 0 || t > 1) {
            throw BeaconException.badRequest("protectThreshold must be a number from 0 (off) to 1, got " + t);
        }
    }

    /** Every service with stored settings, by name, from memory at one revision. */
    public Read<java.util.SortedMap<String, ServiceSettings>> all() {
        return mirror.read(() -> {
            java.util.SortedMap<String, ServiceSettings> out = new java.util.TreeMap<>();
            for (var e : mirror.list(keys.serviceSettingsRoot())) {
                String service = keys.parseServiceSettings(e.key());
                ServiceSettings s = service == null ? null : StoredJson.read(e.value(), ServiceSettings.class);
                if (s != null) {
                    out.put(service, s);
                }
            }
            return out;
        });
    }

    double protectThreshold(String service) {
        return mirror.get(keys.serviceSettings(service))
                .map(e -> StoredJson.read(e.value(), ServiceSettings.class))
                .map(s -> s.protectThreshold() == null ? 0.0 : s.protectThreshold())
                .orElse(0.0);
    }
}
