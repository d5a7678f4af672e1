package dev.beacon.core.etcd;

import io.etcd.jetcd.Client;
import io.grpc.ManagedChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Makes the jetcd client's gRPC channel reconnect at once instead of waiting out its connect backoff. gRPC backs
 * off exponentially (up to two minutes) while etcd is away; after an outage of a few seconds the channel may sit
 * in that backoff for many seconds after etcd answers again, and every call fails meanwhile — although the
 * monitor, whose status calls use channels of their own, already sees etcd healthy. The monitor calls
 * {@link #now()} on every round in which an endpoint does not answer and when etcd becomes reachable again, so
 * writes resume within one monitor interval of etcd being back.
 *
 * <p>jetcd does not expose its channel; it is reached once, by reflection, at construction (jetcd 0.8.x:
 * {@code ClientImpl.connectionManager.getChannel()}). If that fails (another jetcd version), reconnects keep
 * gRPC's own backoff and a warning says so. Thread-safe; never blocks.
 */
final class ChannelReconnect {
    private static final Logger log = LoggerFactory.getLogger(ChannelReconnect.class);

    private final Object connectionManager;
    private final Method getChannel;

    ChannelReconnect(Client client) {
        Object manager = null;
        Method channel = null;
        try {
            Field f = client.getClass().getDeclaredField("connectionManager");
            f.setAccessible(true);
            manager = f.get(client);
            channel = manager.getClass().getDeclaredMethod("getChannel");
            channel.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("cannot reach jetcd's gRPC channel ({}); after an etcd outage, calls wait for gRPC's reconnect backoff",
                    e.toString());
            manager = null;
            channel = null;
        }
        this.connectionManager = manager;
        this.getChannel = channel;
    }

    /** Asks the channel to reconnect now (a no-op while it is connected). */
    void now() {
        if (getChannel == null) {
            return;
        }
        try {
            if (getChannel.invoke(connectionManager) instanceof ManagedChannel channel) {
                channel.resetConnectBackoff();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("reset of the gRPC connect backoff failed", e);
        }
    }
}
