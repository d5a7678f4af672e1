package dev.beacon.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.api.ConfigList;
import dev.beacon.api.Item;
import dev.beacon.client.internal.Json;
import dev.beacon.client.internal.SerialExecutor;
import dev.beacon.client.internal.StreamSubscriber;
import dev.beacon.client.internal.Values;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The live config of one app/profile, kept fresh by the client's shared push connection. Made by
 * {@link BeaconClient#config(String, String)}, which loads it from a server at once or, when no server answers, from
 * its failover file ({@link State#FAILOVER}); then it follows every change from the revision it has.
 *
 * <p><b>Reads</b> ({@link #get}, the typed getters, {@link #items()}) never block and never call a server: they read
 * an immutable snapshot. <b>Listeners</b> get each change exactly once, in revision order, on their own serial
 * queue: on the executor given to {@link #onChange(Consumer, Executor)}, or on the client's listener pool. A slow
 * listener delays only itself. A listener added later gets the changes after it was added. <b>Staleness</b>:
 * {@link #state()}, {@link #revision()}, {@link #lastSync()}.
 *
 * <p>Lifecycle: {@link State} in an AtomicReference: FAILOVER or LIVE at creation; LIVE ⇄ DISCONNECTED as the
 * connection breaks and comes back (FAILOVER → LIVE when a server first answers); CLOSED by {@link #close()} or the
 * client's close (idempotent).
 */
public final class ConfigView implements AutoCloseable {
    private static final System.Logger log = System.getLogger(ConfigView.class.getName());

    /** Where the view's values come from now. */
    public enum State {
        /** Following a server's stream: values are current. */
        LIVE,
        /** Started from the failover file because no server answered; values are the last known, maybe old. */
        FAILOVER,
        /** Was live; the connection broke and the client is reconnecting. Values are the last known. */
        DISCONNECTED,
        /** Closed: values stay readable, nothing changes any more. */
        CLOSED
    }

    private record Snapshot(long revision, Map<String, Item> items) {
    }

    private record Listener(Consumer<ConfigEvent> consumer, SerialExecutor queue) {
    }

    private final String app;
    private final String profile;
    private final BeaconClient client;
    private final AtomicReference<State> state;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final SerialExecutor persistQueue;
    private final Subscriber subscriber = new Subscriber();
    private volatile Snapshot snapshot;
    /** Keys applied at {@code snapshot.revision} (a batch write spans several events of one revision). */
    private final Set<String> keysAtRevision = new HashSet<>();
    private volatile Instant lastSync;

    ConfigView(BeaconClient client, String app, String profile, ConfigList initial, boolean fromFailover, Instant lastSync) {
        this.client = client;
        this.app = app;
        this.profile = profile;
        this.snapshot = new Snapshot(initial.revision(), index(initial.items()));
        this.state = new AtomicReference<>(fromFailover ? State.FAILOVER : State.LIVE);
        this.lastSync = lastSync;
        this.persistQueue = new SerialExecutor(client.threads().listeners());
        if (!fromFailover) {
            persist();
        }
        client.reporter().applied(app, profile, initial.revision());
    }

    StreamSubscriber subscriber() {
        return subscriber;
    }

    public String app() {
        return app;
    }

    public String profile() {
        return profile;
    }

    /** The value of {@code key}, or null when there is no such item. */
    public String get(String key) {
        Item item = snapshot.items().get(key);
        return item == null ? null : item.value();
    }

    public String get(String key, String defaultValue) {
        String v = get(key);
        return v == null ? defaultValue : v;
    }

    /** @throws IllegalArgumentException when the value is not a whole number */
    public int getInt(String key, int defaultValue) {
        String v = get(key);
        return v == null ? defaultValue : Values.toInt(key, v);
    }

    public long getLong(String key, long defaultValue) {
        String v = get(key);
        return v == null ? defaultValue : Values.toLong(key, v);
    }

    /** {@code true/false}, {@code yes/no}, {@code on/off}, {@code 1/0}. */
    public boolean getBoolean(String key, boolean defaultValue) {
        String v = get(key);
        return v == null ? defaultValue : Values.toBoolean(key, v);
    }

    /** {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 1d}, ISO-8601 ({@code PT10S}) or plain milliseconds. */
    public Duration getDuration(String key, Duration defaultValue) {
        String v = get(key);
        return v == null ? defaultValue : Values.toDuration(key, v);
    }

    /** A comma-separated value as a list (elements trimmed, empty ones left out). */
    public List<String> getList(String key, List<String> defaultValue) {
        String v = get(key);
        return v == null ? defaultValue : Values.toList(v);
    }

    /** The whole item (versions, who changed it when), or null. */
    public Item item(String key) {
        return snapshot.items().get(key);
    }

    /** Every item now, by key (sorted, unmodifiable). */
    public Map<String, Item> items() {
        return snapshot.items();
    }

    /** Every value now, by key (sorted, unmodifiable). */
    public Map<String, String> values() {
        Map<String, String> m = new LinkedHashMap<>();
        snapshot.items().forEach((k, item) -> m.put(k, item.value()));
        return Collections.unmodifiableMap(m);
    }

    /** The etcd revision the values reflect (every change up to it is applied). */
    public long revision() {
        return snapshot.revision();
    }

    /** When the view last knew it was current (loaded, subscribed or received a change); null if never (started from the failover file). */
    public Instant lastSync() {
        return lastSync;
    }

    public State state() {
        return state.get();
    }

    /** True unless {@link State#LIVE}: the values may be behind. */
    public boolean stale() {
        return state.get() != State.LIVE;
    }

    /** The failover file of this view, or null when the client has no cache directory. */
    public Path failoverFile() {
        return client.failoverFile(app, profile) == null ? null : client.failoverFile(app, profile).path();
    }

    /** Adds a listener on the client's listener pool. Close the answer to remove it. */
    public AutoCloseable onChange(Consumer<ConfigEvent> listener) {
        return onChange(listener, client.threads().listeners());
    }

    /** Adds a listener that runs on {@code executor} (one change at a time, in order). Close the answer to remove it. */
    public AutoCloseable onChange(Consumer<ConfigEvent> listener, Executor executor) {
        Listener l = new Listener(listener, new SerialExecutor(executor));
        listeners.add(l);
        return () -> listeners.remove(l);
    }

    /** Stops following changes and removes this client from the app/profile's delivery report. Idempotent. */
    @Override
    public void close() {
        State was = state.getAndSet(State.CLOSED);
        if (was != State.CLOSED) {
            client.closed(this);
        }
    }

    private synchronized void apply(String type, long revision, Item item) {
        Snapshot s = snapshot;
        if (revision < s.revision() || revision == s.revision() && keysAtRevision.contains(item.key())) {
            return; // already applied (a resume replays from the revision before the last one)
        }
        if (revision > s.revision()) {
            keysAtRevision.clear();
        }
        keysAtRevision.add(item.key());
        Map<String, Item> items = new TreeMap<>(s.items());
        Item old = "delete".equals(type) ? items.remove(item.key()) : items.put(item.key(), item);
        snapshot = new Snapshot(revision, Collections.unmodifiableMap(items));
        String oldValue = old == null ? null : old.value();
        String newValue = "delete".equals(type) ? null : item.value();
        if (old != null || newValue != null) {
            publish(new ConfigEvent(app, profile, item.key(), oldValue, newValue, revision));
        }
        changed(revision);
    }

    /** Replaces the state with a full read (after the server could not resume): listeners get the difference. */
    private synchronized void replace(ConfigList fresh) {
        Snapshot s = snapshot;
        Map<String, Item> next = index(fresh.items());
        List<ConfigEvent> events = new ArrayList<>();
        s.items().forEach((k, old) -> {
            Item now = next.get(k);
            if (now == null || !now.value().equals(old.value())) {
                events.add(new ConfigEvent(app, profile, k, old.value(), now == null ? null : now.value(), fresh.revision()));
            }
        });
        next.forEach((k, now) -> {
            if (!s.items().containsKey(k)) {
                events.add(new ConfigEvent(app, profile, k, null, now.value(), fresh.revision()));
            }
        });
        snapshot = new Snapshot(Math.max(fresh.revision(), s.revision()), next);
        keysAtRevision.clear();
        events.forEach(this::publish);
        changed(fresh.revision());
    }

    private void changed(long revision) {
        lastSync = Instant.now();
        persist();
        client.reporter().applied(app, profile, revision);
    }

    private void publish(ConfigEvent event) {
        for (Listener l : listeners) {
            l.queue().execute(() -> l.consumer().accept(event));
        }
    }

    private void persist() {
        var file = client.failoverFile(app, profile);
        if (file == null) {
            return;
        }
        persistQueue.execute(() -> {
            Snapshot s = snapshot;
            try {
                file.write(new ConfigList(app, profile, s.revision(), List.copyOf(s.items().values())));
            } catch (java.io.IOException | RuntimeException e) {
                log.log(System.Logger.Level.WARNING, "Beacon: cannot write the failover file " + file.path() + ": " + e);
            }
        });
    }

    private static Map<String, Item> index(List<Item> items) {
        Map<String, Item> m = new TreeMap<>();
        if (items != null) {
            items.forEach(i -> m.put(i.key(), i));
        }
        return Collections.unmodifiableMap(m);
    }

    /** The view's side of the shared stream. */
    private final class Subscriber implements StreamSubscriber {
        @Override
        public String subscription() {
            return "config/" + app + "/" + profile;
        }

        @Override
        public long resumeAfter() {
            synchronized (ConfigView.this) {
                long r = snapshot.revision();
                return keysAtRevision.isEmpty() ? r : r - 1;
            }
        }

        @Override
        public void onSubscribed(long revision) {
            lastSync = Instant.now();
            State was = state.get();
            if ((was == State.FAILOVER || was == State.DISCONNECTED) && state.compareAndSet(was, State.LIVE)) {
                log.log(System.Logger.Level.INFO, "Beacon: config " + app + "/" + profile + " is live again at revision "
                        + snapshot.revision() + (was == State.FAILOVER ? " (started from its failover file)" : ""));
            }
        }

        @Override
        public void onEvent(String type, long revision, JsonNode data) {
            if (state.get() == State.CLOSED) {
                return;
            }
            apply(type, revision, Json.convert(data, Item.class));
        }

        @Override
        public void onDisconnected(String reason) {
            if (state.compareAndSet(State.LIVE, State.DISCONNECTED)) {
                log.log(System.Logger.Level.WARNING, "Beacon: config " + app + "/" + profile + " keeps its values at revision "
                        + snapshot.revision() + " while reconnecting: " + reason);
            }
        }

        @Override
        public void reload() {
            replace(client.configs().list(app, profile));
        }
    }
}
