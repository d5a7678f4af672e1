package dev.beacon.core.registry;

import dev.beacon.core.StoredJson;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.EtcdErrors;
import dev.beacon.core.etcd.LeaseKeeper;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.watch.ChangeEvent;
import dev.beacon.core.watch.MirrorListener;
import dev.beacon.core.watch.PrefixMirror;
import io.etcd.jetcd.options.PutOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.beacon.core.etcd.Bytes.of;

/**
 * This Beacon server's registration among the live Beacon servers, and the division of work between
 * them. Each server puts {@code {root}/servers/{serverId}} on its own lease, kept alive by a
 * {@link LeaseKeeper}; after a lost lease it registers again on the new one, and if its key is deleted
 * while its lease lives it puts it back. The live set is read from the root mirror, so every server sees
 * the same set at the same revision.
 *
 * <p>Work is divided by rendezvous (highest-random-weight) hashing: an item belongs to the live server
 * with the highest {@link #weight(String, String)}. When a server joins or leaves, only the items whose
 * winner changed move — about 1/n of them.
 *
 * <p>Lifecycle: {@link #start} once, {@link #close()} revokes the lease (the others take over at once;
 * a server that dies without closing is replaced after its TTL). Idempotent.
 */
public final class ServerMembership implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerMembership.class);

    private enum State { NEW, RUNNING, CLOSED }

    private final EtcdConnection etcd;
    private final PrefixMirror mirror;
    private final KeyLayout keys;
    private final String serverId;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final MirrorListener listener = this::onChanges;
    private volatile LeaseKeeper keeper;
    private volatile String url;

    public ServerMembership(EtcdConnection etcd, PrefixMirror mirror, KeyLayout keys, String serverId) {
        this.etcd = etcd;
        this.mirror = mirror;
        this.keys = keys;
        this.serverId = serverId;
    }

    /** A new, unique server id: {@code beacon-} and 12 hex digits. */
    public static String newServerId() {
        return String.format("beacon-%012x", ThreadLocalRandom.current().nextLong() & 0xffffffffffffL);
    }

    /**
     * Starts keeping this server registered on {@code serverLease} (the server's own lease: its owner keeps it
     * alive and revokes it on stop, which removes the registration at once); {@code url} is shown to
     * operators beside the id.
     */
    public void start(String serverUrl, LeaseKeeper serverLease) {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            return;
        }
        this.url = serverUrl;
        mirror.addListener(listener);
        keeper = serverLease;
        keeper.addListener(this::announce);
    }

    public String id() {
        return serverId;
    }

    /** The ids of the live servers as the mirror shows them, sorted. */
    public List<String> liveServers() {
        return mirror.list(keys.serversRoot()).stream().map(e -> keys.parseServer(e.key())).filter(java.util.Objects::nonNull)
                .sorted().toList();
    }

    /** The server that owns {@code item} among the live servers; null when none is live. */
    public String ownerOf(String item) {
        return owner(liveServers(), item);
    }

    /** Rendezvous hashing: the server with the highest weight for the item (ties: the smaller id); null for no servers. */
    public static String owner(Collection<String> servers, String item) {
        String best = null;
        long bestWeight = 0;
        for (String s : servers) {
            long w = weight(s, item);
            if (best == null || Long.compareUnsigned(w, bestWeight) > 0 || (w == bestWeight && s.compareTo(best) < 0)) {
                best = s;
                bestWeight = w;
            }
        }
        return best;
    }

    /** A well-mixed 64-bit hash of server and item (FNV-1a, then the MurmurHash3 finalizer). */
    static long weight(String server, String item) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (server + '\n' + item).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private void announce(long leaseId) {
        if (state.get() != State.RUNNING || leaseId == 0 || leaseId != currentLease()) {
            return;
        }
        String value = StoredJson.write(Map.of("id", serverId, "url", url == null ? "" : url, "since", Instant.now().toString(),
                "version", dev.beacon.core.ops.BeaconVersion.VERSION));
        etcd.call("register server " + serverId, () -> etcd.client().getKVClient()
                        .put(of(keys.server(serverId)), of(value), PutOption.builder().withLeaseId(leaseId).build()))
                .whenComplete((ok, failure) -> {
                    if (failure != null && state.get() == State.RUNNING) {
                        log.warn("could not register server {} ({}); retrying", serverId, EtcdErrors.unwrap(failure).getMessage());
                        etcd.scheduler().schedule(() -> etcd.executor().execute(() -> announce(leaseId)), 1, TimeUnit.SECONDS);
                    }
                });
    }

    private long currentLease() {
        LeaseKeeper k = keeper;
        return k == null ? 0 : k.leaseId();
    }

    /** Puts the registration back when someone deleted it while the lease lives (mirror thread: hand off). */
    private void onChanges(List<ChangeEvent> changes, long revision) {
        String own = keys.server(serverId);
        for (ChangeEvent e : changes) {
            if (e.type() == ChangeEvent.Type.DELETE && e.key().equals(own)) {
                long lease = currentLease();
                etcd.executor().execute(() -> announce(lease));
            }
        }
    }

    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) != State.RUNNING) {
            return;
        }
        mirror.removeListener(listener);
        LeaseKeeper k = keeper;
        if (k != null) {
            long lease = k.leaseId();
            if (lease != 0) {
                try {
                    etcd.await("leave the live servers", () -> etcd.client().getKVClient().delete(of(keys.server(serverId))));
                } catch (RuntimeException e) {
                    log.info("could not remove server {} from the live servers ({}); its lease ends it", serverId, e.getMessage());
                }
            }
        }
    }
}
