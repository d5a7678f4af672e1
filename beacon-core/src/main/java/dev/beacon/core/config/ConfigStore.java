package dev.beacon.core.config;

import dev.beacon.api.AppProfiles;
import dev.beacon.api.ConfigList;
import dev.beacon.api.ConfigWritten;
import dev.beacon.api.ErrorCode;
import dev.beacon.api.Item;
import dev.beacon.api.ProfileSettings;
import dev.beacon.core.BeaconException;
import dev.beacon.core.Principal;
import dev.beacon.core.Read;
import dev.beacon.core.WriteSeam;
import dev.beacon.core.StoredJson;
import dev.beacon.core.config.ConfigRules.Format;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.keys.KeyLayout.ConfigKey;
import dev.beacon.core.watch.Entry;
import dev.beacon.core.watch.PrefixMirror;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.beacon.core.etcd.Bytes.of;
import static dev.beacon.core.etcd.Bytes.str;

/**
 * Config items: reads from the server's root mirror (memory; no etcd call) or, when asked for, a
 * linearizable etcd read; writes as one etcd transaction each (value + metadata, with an optional
 * {@code If-Match} compare). Every argument is validated before anything is sent to etcd, so bad input
 * writes nothing. Writes block up to the request timeout and then wait (briefly) until this server's
 * mirror shows them, so a read on the same server right after a write sees it. History records are not
 * written here but by every server's {@link HistoryRecorder}, from the change feed.
 */
public final class ConfigStore {
    static final Duration MIRROR_WAIT = Duration.ofSeconds(2);

    private final EtcdConnection etcd;
    private final WriteSeam seam;
    private final KeyLayout keys;
    private final PrefixMirror mirror;
    private final ConfigSettings settings;
    private final ItemReader reader;
    private final MirrorClock clock;
    private final ProfileSettingsStore profiles;

    public ConfigStore(EtcdConnection etcd, KeyLayout keys, PrefixMirror rootMirror, ConfigSettings settings, WriteSeam seam) {
        this.etcd = etcd;
        this.seam = seam;
        this.keys = keys;
        this.mirror = rootMirror;
        this.settings = settings;
        this.reader = new ItemReader(keys, rootMirror);
        this.clock = new MirrorClock(rootMirror);
        this.profiles = new ProfileSettingsStore(etcd, keys, rootMirror, clock, seam);
    }

    /** The app/profile settings (declared value format) that writes here obey. */
    public ProfileSettingsStore profiles() {
        return profiles;
    }

    public ConfigSettings settings() {
        return settings;
    }

    // ---- reads ----

    /** Every item of an app/profile, in key order, from memory (empty when there is none), at one revision. */
    public Read<ConfigList> list(String app, String profile) {
        ConfigRules.requireAddress(app, profile);
        Read<List<Item>> read = mirror.read(() -> items(app, profile));
        return read.map(items -> new ConfigList(app, profile, read.revision(), items));
    }

    /**
     * {@link #list}, rendered by {@code render} once per mirror revision and kept until the next (see
     * {@link PrefixMirror#readOnce}): the same answer as rendering {@code list(app, profile)} on every call.
     *
     * @param variant names the rendering (e.g. a document format); renderings of one variant must be alike
     */
    public <T> Read<T> listRendered(String app, String profile, String variant, java.util.function.Function<ConfigList, T> render) {
        ConfigRules.requireAddress(app, profile);
        return mirror.readOnce("config.list\n" + variant + "\n" + app + "\n" + profile,
                at -> render.apply(new ConfigList(app, profile, at, items(app, profile))));
    }

    /** The server's one item reader, shared with {@link ConfigEvents} and {@link HistoryRecorder}. */
    ItemReader reader() {
        return reader;
    }

    /** Runs {@code reader} through the mirror's read gate: one revision for everything it reads. */
    <T> Read<T> read(java.util.function.Supplier<T> reader) {
        return mirror.read(reader);
    }

    /** The read gate with a reader given the revision it reads at. */
    <T> Read<T> read(java.util.function.LongFunction<T> reader) {
        return mirror.read(() -> reader.apply(mirror.revision()));
    }

    /** Like {@link #read(java.util.function.LongFunction)}, built once per revision for {@code key} ({@link PrefixMirror#readOnce}). */
    <T> Read<T> readOnce(String key, java.util.function.LongFunction<T> reader) {
        return mirror.readOnce(key, reader);
    }

    /** The items of an app/profile as memory holds them now; call inside {@link #read} for a revision. */
    List<Item> items(String app, String profile) {
        List<Item> items = new ArrayList<>();
        for (Entry e : mirror.list(keys.configPrefix(app, profile))) {
            ConfigKey at = keys.parseConfig(e.key());
            if (at != null && at.app().equals(app) && at.profile().equals(profile)) {
                items.add(reader.item(at, e));
            }
        }
        return items;
    }

    /** One item from memory. @throws BeaconException NOT_FOUND */
    public Read<Item> get(String app, String profile, String key) {
        ConfigRules.requireAddress(app, profile);
        ConfigRules.requireKey(key);
        ConfigKey at = new ConfigKey(app, profile, key);
        return mirror.read(() -> mirror.get(keys.config(app, profile, key)).map(e -> reader.item(at, e))
                .orElseThrow(() -> notFound(at)));
    }

    /** Like {@link #list} but a linearizable read from etcd, at one revision. */
    public Read<ConfigList> listConsistent(String app, String profile) {
        ConfigRules.requireAddress(app, profile);
        GetOption prefix = GetOption.builder().isPrefix(true).build();
        String metaPrefix = keys.configMeta(app, profile, "");
        TxnResponse r = etcd.await("read config " + app + "/" + profile, () -> etcd.client().getKVClient().txn()
                .Then(Op.get(of(keys.configPrefix(app, profile)), prefix), Op.get(of(metaPrefix), prefix),
                        Op.get(of(keys.batchMeta(app, profile)), GetOption.DEFAULT))
                .commit());
        Map<String, KeyValue> metas = new TreeMap<>();
        r.getGetResponses().get(1).getKvs().forEach(kv -> metas.put(str(kv.getKey()).substring(metaPrefix.length()), kv));
        List<KeyValue> batch = r.getGetResponses().get(2).getKvs();
        List<Item> items = new ArrayList<>();
        for (KeyValue kv : r.getGetResponses().get(0).getKvs()) {
            ConfigKey at = keys.parseConfig(str(kv.getKey()));
            if (at != null && at.app().equals(app) && at.profile().equals(profile)) {
                items.add(fromEtcd(at, kv, metas.get(at.key()), batch.isEmpty() ? null : batch.get(0)));
            }
        }
        long revision = r.getHeader().getRevision();
        return Read.consistent(new ConfigList(app, profile, revision, items), revision);
    }

    /** Like {@link #get} but a linearizable read from etcd. Returns the item and the revision read at. */
    public Read<Item> getConsistent(String app, String profile, String key) {
        ConfigRules.requireAddress(app, profile);
        ConfigRules.requireKey(key);
        ConfigKey at = new ConfigKey(app, profile, key);
        TxnResponse r = etcd.await("read config " + app + "/" + profile + "/" + key, () -> etcd.client().getKVClient().txn()
                .Then(Op.get(of(keys.config(app, profile, key)), GetOption.DEFAULT),
                        Op.get(of(keys.configMeta(app, profile, key)), GetOption.DEFAULT),
                        Op.get(of(keys.batchMeta(app, profile)), GetOption.DEFAULT))
                .commit());
        List<KeyValue> value = r.getGetResponses().get(0).getKvs();
        if (value.isEmpty()) {
            throw notFound(at);
        }
        List<KeyValue> meta = r.getGetResponses().get(1).getKvs();
        List<KeyValue> batch = r.getGetResponses().get(2).getKvs();
        return Read.consistent(fromEtcd(at, value.get(0), meta.isEmpty() ? null : meta.get(0), batch.isEmpty() ? null : batch.get(0)),
                r.getHeader().getRevision());
    }

    /**
     * Every app/profile that holds items or declared settings, with both, sorted by app and profile, from memory
     * at one revision (what an export carries). The items are references to what memory holds: no copy of values.
     */
    public Read<List<ProfileContent>> contents() {
        return mirror.read(() -> {
            Map<KeyLayout.AppProfile, List<Item>> items = new TreeMap<>(BY_ADDRESS);
            for (Entry e : mirror.list(keys.configRoot())) {
                ConfigKey at = keys.parseConfig(e.key());
                if (at != null) {
                    items.computeIfAbsent(new KeyLayout.AppProfile(at.app(), at.profile()), a -> new ArrayList<>()).add(reader.item(at, e));
                }
            }
            Map<KeyLayout.AppProfile, ProfileSettings> settings = new TreeMap<>(BY_ADDRESS);
            for (Entry e : mirror.list(keys.profileSettingsRoot())) {
                KeyLayout.AppProfile at = keys.parseProfileSettings(e.key());
                ProfileSettings declared = at == null ? null : StoredJson.read(e.value(), ProfileSettings.class);
                if (declared != null) {
                    settings.put(at, declared);
                    items.putIfAbsent(at, List.of());
                }
            }
            List<ProfileContent> out = new ArrayList<>();
            items.forEach((at, list) -> out.add(new ProfileContent(at.app(), at.profile(), settings.get(at), list)));
            return out;
        });
    }

    private static final java.util.Comparator<KeyLayout.AppProfile> BY_ADDRESS =
            java.util.Comparator.comparing(KeyLayout.AppProfile::app).thenComparing(KeyLayout.AppProfile::profile);

    /** Every app with the profiles that hold at least one item, sorted, from memory. */
    public Read<List<AppProfiles>> apps() {
        return mirror.read(() -> {
            Map<String, TreeSet<String>> apps = new TreeMap<>();
            for (Entry e : mirror.list(keys.configRoot())) {
                ConfigKey at = keys.parseConfig(e.key());
                if (at != null) {
                    apps.computeIfAbsent(at.app(), a -> new TreeSet<>()).add(at.profile());
                }
            }
            List<AppProfiles> out = new ArrayList<>();
            apps.forEach((app, profiles) -> out.add(new AppProfiles(app, List.copyOf(profiles))));
            return out;
        });
    }

    // ---- writes ----

    /**
     * Writes one item. {@code ifMatch}: null = unconditional, 0 = only if it does not exist, n = only if its
     * mod revision is n; otherwise VERSION_CONFLICT carrying the current item (or none).
     */
    public Item put(String app, String profile, String key, String value, Long ifMatch, Principal who, String comment) {
        return put("config.put", app, profile, key, value, ifMatch, who, comment);
    }

    /** {@link #put} as the write {@code action} (e.g. {@code config.rollback}) at the write seam. */
    Item put(String action, String app, String profile, String key, String value, Long ifMatch, Principal who, String comment) {
        ConfigRules.requireAddress(app, profile);
        ConfigRules.requireKey(key);
        ConfigRules.requireIfMatch(ifMatch);
        ConfigRules.requireComment(comment);
        ConfigRules.requireValue(key, value, settings.maxValueBytes(), profiles.format(app, profile));
        ConfigKey at = new ConfigKey(app, profile, key);
        ByteSequence k = of(keys.config(app, profile, key));
        ConfigMeta meta = ConfigMeta.put(who.name(), comment);
        return seam.write(who, action, target(at), () -> {
            TxnResponse r = etcd.await("write config " + target(at), () -> etcd.client().getKVClient().txn()
                    .If(ifMatch == null ? new Cmp[0] : new Cmp[]{matches(k, ifMatch)})
                    .Then(Op.put(k, of(value), PutOption.DEFAULT),
                            Op.put(of(keys.configMeta(app, profile, key)), of(StoredJson.write(meta)), PutOption.DEFAULT),
                            Op.get(k, GetOption.DEFAULT))
                    .Else(Op.get(k, GetOption.DEFAULT))
                    .commit());
            if (!r.isSucceeded()) {
                throw conflict(at, ifMatch, r.getGetResponses().get(0).getKvs());
            }
            KeyValue written = r.getGetResponses().get(0).getKvs().get(0);
            clock.await(written.getModRevision(), MIRROR_WAIT);
            return ItemReader.item(at, value, written.getVersion(), written.getModRevision(), meta);
        }, Item::modRevision);
    }

    /** How a write names an item at the write seam: {@code app/profile/key}. */
    static String target(ConfigKey at) {
        return at.app() + "/" + at.profile() + "/" + at.key();
    }

    /**
     * Deletes one item (with {@code ifMatch}: only if its mod revision is that). The metadata key keeps a
     * tombstone naming who deleted it until the delete's history record is written.
     *
     * @return the revision of the delete
     * @throws BeaconException NOT_FOUND when the item does not exist; VERSION_CONFLICT on a mismatch
     */
    public long delete(String app, String profile, String key, Long ifMatch, Principal who, String comment) {
        ConfigRules.requireAddress(app, profile);
        ConfigRules.requireKey(key);
        ConfigRules.requireIfMatch(ifMatch);
        ConfigRules.requireComment(comment);
        if (ifMatch != null && ifMatch == 0) {
            throw BeaconException.badRequest("If-Match: 0 means 'must not exist'; a delete needs the item's modRevision");
        }
        ConfigKey at = new ConfigKey(app, profile, key);
        ByteSequence k = of(keys.config(app, profile, key));
        Cmp exists = ifMatch == null ? new Cmp(k, Cmp.Op.GREATER, CmpTarget.version(0)) : matches(k, ifMatch);
        return seam.write(who, "config.delete", target(at), () -> {
            TxnResponse r = etcd.await("delete config " + target(at), () -> etcd.client().getKVClient().txn()
                    .If(exists)
                    .Then(Op.delete(k, DeleteOption.DEFAULT),
                            Op.put(of(keys.configMeta(app, profile, key)), of(StoredJson.write(ConfigMeta.delete(who.name(), comment))),
                                    PutOption.DEFAULT))
                    .Else(Op.get(k, GetOption.DEFAULT))
                    .commit());
            if (!r.isSucceeded()) {
                List<KeyValue> current = r.getGetResponses().get(0).getKvs();
                if (current.isEmpty()) {
                    throw notFound(at);
                }
                throw conflict(at, ifMatch, current);
            }
            long revision = r.getHeader().getRevision();
            clock.await(revision, MIRROR_WAIT);
            return revision;
        });
    }

    /**
     * Writes many items of one app/profile in one etcd transaction: all or nothing. Every key and value is
     * validated first; at most {@link ConfigSettings#MAX_BATCH_ITEMS} items.
     */
    public ConfigWritten putAll(String app, String profile, Map<String, String> items, Principal who, String comment) {
        return putAll("config.batch", app, profile, items, who, comment);
    }

    /** {@link #putAll} as the write {@code action} (e.g. {@code config.import}) at the write seam. */
    public ConfigWritten putAll(String action, String app, String profile, Map<String, String> items, Principal who, String comment) {
        ConfigRules.requireAddress(app, profile);
        ConfigRules.requireComment(comment);
        if (items == null || items.isEmpty()) {
            throw BeaconException.badRequest("items is missing or empty; send {\"items\":{\"key\":\"value\",...}}");
        }
        if (items.size() > ConfigSettings.MAX_BATCH_ITEMS) {
            throw BeaconException.badRequest(items.size() + " items in one batch; at most " + ConfigSettings.MAX_BATCH_ITEMS
                    + " (etcd's default limit of 128 operations per transaction); split the batch");
        }
        Format format = profiles.format(app, profile);
        List<Op> ops = new ArrayList<>();
        for (Map.Entry<String, String> item : new TreeMap<>(items).entrySet()) {
            ConfigRules.requireKey(item.getKey());
            ConfigRules.requireValue(item.getKey(), item.getValue(), settings.maxValueBytes(), format);
            ops.add(Op.put(of(keys.config(app, profile, item.getKey())), of(item.getValue()), PutOption.DEFAULT));
        }
        ops.add(Op.put(of(keys.batchMeta(app, profile)), of(StoredJson.write(ConfigMeta.put(who.name(), comment))), PutOption.DEFAULT));
        return seam.write(who, action, app + "/" + profile, () -> {
            TxnResponse r = etcd.await("write " + items.size() + " config items of " + app + "/" + profile,
                    () -> etcd.client().getKVClient().txn().Then(ops.toArray(Op[]::new)).commit());
            long revision = r.getHeader().getRevision();
            clock.await(revision, MIRROR_WAIT);
            return new ConfigWritten(app, profile, revision, items.size());
        }, ConfigWritten::revision);
    }

    // ---- helpers ----

    private static Cmp matches(ByteSequence k, long ifMatch) {
        return ifMatch == 0 ? new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(0)) : new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(ifMatch));
    }

    private Item fromEtcd(ConfigKey at, KeyValue value, KeyValue meta, KeyValue batch) {
        long rev = value.getModRevision();
        ConfigMeta m = meta != null && meta.getModRevision() == rev ? StoredJson.read(str(meta.getValue()), ConfigMeta.class)
                : batch != null && batch.getModRevision() == rev ? StoredJson.read(str(batch.getValue()), ConfigMeta.class) : null;
        return ItemReader.item(at, str(value.getValue()), value.getVersion(), rev, m);
    }

    private BeaconException conflict(ConfigKey at, Long ifMatch, List<KeyValue> current) {
        Item item = current.isEmpty() ? null : reader.item(at, Entry.of(current.get(0)));
        String name = at.app() + "/" + at.profile() + "/" + at.key();
        String message = ifMatch == 0 ? "item " + name + " already exists (modRevision " + item.modRevision() + ")"
                : item == null ? "item " + name + " does not exist (If-Match expected modRevision " + ifMatch + ")"
                : "item " + name + " has modRevision " + item.modRevision() + ", not " + ifMatch;
        return new BeaconException(ErrorCode.VERSION_CONFLICT, message,
                "read the item again and retry with its modRevision in If-Match", item, null);
    }

    static BeaconException notFound(ConfigKey at) {
        return new BeaconException(ErrorCode.NOT_FOUND, "no config item " + at.key() + " in " + at.app() + "/" + at.profile());
    }
}
