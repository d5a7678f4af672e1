package dev.beacon.core.config;

import dev.beacon.core.Principal;
import dev.beacon.core.Read;
import dev.beacon.core.WriteSeam;
import dev.beacon.api.ProfileSettings;
import dev.beacon.core.StoredJson;
import dev.beacon.core.config.ConfigRules.Format;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.watch.PrefixMirror;

import java.util.Locale;

import static dev.beacon.core.etcd.Bytes.of;

/**
 * Settings of an app/profile, kept as JSON at {@code {root}/meta/settings/{app}/{profile}} and read from the
 * mirror: for now the declared value format that every write into the app/profile must parse as.
 */
public final class ProfileSettingsStore {
    private final EtcdConnection etcd;
    private final KeyLayout keys;
    private final PrefixMirror mirror;
    private final MirrorClock clock;
    private final WriteSeam seam;

    ProfileSettingsStore(EtcdConnection etcd, KeyLayout keys, PrefixMirror mirror, MirrorClock clock, WriteSeam seam) {
        this.seam = seam;
        this.etcd = etcd;
        this.keys = keys;
        this.mirror = mirror;
        this.clock = clock;
    }

    /** The settings, from memory; {@code text} when none were declared. */
    public Read<ProfileSettings> get(String app, String profile) {
        ConfigRules.requireAddress(app, profile);
        return mirror.read(() -> new ProfileSettings(format(app, profile).name().toLowerCase(Locale.ROOT)));
    }

    /** Declares the value format (text, json or yaml). Values already stored are not re-checked. */
    public Read<ProfileSettings> put(String app, String profile, ProfileSettings settings, Principal who) {
        return put("config.settings", app, profile, settings, who);
    }

    /** {@link #put} as the write {@code action} (e.g. {@code config.import-settings}) at the write seam. */
    public Read<ProfileSettings> put(String action, String app, String profile, ProfileSettings settings, Principal who) {
        ConfigRules.requireAddress(app, profile);
        Format format = ConfigRules.format(settings == null ? null : settings.format());
        ProfileSettings stored = new ProfileSettings(format.name().toLowerCase(Locale.ROOT));
        long revision = seam.write(who, action, app + "/" + profile, () -> {
            long written = etcd.await("write settings of " + app + "/" + profile, () -> etcd.client().getKVClient()
                    .put(of(keys.profileSettings(app, profile)), of(StoredJson.write(stored)))).getHeader().getRevision();
            clock.await(written, ConfigStore.MIRROR_WAIT);
            return written;
        });
        return Read.consistent(stored, revision);
    }

    /** The settings declared for the app/profile, from memory; null when none were. */
    public ProfileSettings declared(String app, String profile) {
        return mirror.get(keys.profileSettings(app, profile)).map(e -> StoredJson.read(e.value(), ProfileSettings.class)).orElse(null);
    }

    Format format(String app, String profile) {
        return mirror.get(keys.profileSettings(app, profile))
                .map(e -> StoredJson.read(e.value(), ProfileSettings.class))
                .map(s -> ConfigRules.format(s.format())).orElse(Format.TEXT);
    }
}
