package dev.beacon.server.registry;

import dev.beacon.core.WriteSeam;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.LeaseKeeper;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.registry.Discovery;
import dev.beacon.core.registry.HealthChecks;
import dev.beacon.core.registry.InstanceEvents;
import dev.beacon.core.registry.Registry;
import dev.beacon.core.registry.RegistrySettings;
import dev.beacon.core.registry.ServerMembership;
import dev.beacon.core.registry.ServiceSettingsStore;
import dev.beacon.core.registry.StatusOverrides;
import dev.beacon.core.watch.PrefixMirror;
import dev.beacon.server.Threads;
import dev.beacon.server.http.Json;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The registry's parts, wired on the root mirror: built before the HTTP server starts (handlers need
 * them), {@link #start} once the server's URL is known (joins the live servers, starts checking),
 * {@link #close()} before the mirrors and the connection close (leaves the live servers at once, so the
 * others take over its checks). Idempotent close.
 */
public final class RegistryModule implements AutoCloseable {
    private final ServerMembership membership;
    private final HealthChecks checks;
    private final Discovery discovery;
    private final RegistryHandlers handlers;
    private final ExecutorService probes;
    private final ServiceSettingsStore serviceSettings;
    private final AtomicBoolean closed = new AtomicBoolean();

    public RegistryModule(EtcdConnection etcd, PrefixMirror root, KeyLayout keys, RegistrySettings settings, WriteSeam seam, Json json) {
        String serverId = ServerMembership.newServerId();
        InstanceEvents events = new InstanceEvents(etcd, keys, serverId, settings.eventRetention());
        root.addListener(events);
        Registry registry = new Registry(etcd, root, keys, events, seam);
        this.membership = new ServerMembership(etcd, root, keys, serverId);
        this.probes = Threads.delivery();
        this.checks = new HealthChecks(etcd, root, keys, membership, registry, events, settings, probes);
        this.serviceSettings = new ServiceSettingsStore(etcd, root, keys, seam);
        this.discovery = new Discovery(root, keys, membership, checks, serviceSettings);
        this.handlers = new RegistryHandlers(registry, new StatusOverrides(etcd, keys, registry, events, seam), discovery, events,
                serviceSettings, json);
    }

    /**
     * Joins the live Beacon servers (as {@code url}, on the server's own lease, which the caller keeps alive
     * and closes after this module) and starts this server's share of the checks.
     */
    public void start(String url, LeaseKeeper serverLease) {
        membership.start(url, serverLease);
        checks.start();
    }

    public RegistryHandlers handlers() {
        return handlers;
    }

    /** Discovery, also for the streaming endpoints: {@link Discovery#watchPrefixes} and {@link Discovery#change}. */
    public Discovery discovery() {
        return discovery;
    }

    /** Per-service settings (export and import use them too). */
    public ServiceSettingsStore serviceSettings() {
        return serviceSettings;
    }

    public ServerMembership membership() {
        return membership;
    }

    public HealthChecks checks() {
        return checks;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        checks.close();
        membership.close();
        probes.shutdownNow();
    }
}
