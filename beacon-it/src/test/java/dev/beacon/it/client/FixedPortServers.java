package dev.beacon.it.client;

import dev.beacon.server.BeaconServer;
import dev.beacon.server.ServerSettings;
import dev.beacon.testkit.EtcdExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Beacon servers that come back on the same port after a stop, as a restarted server does in production: an SDK
 * client configured with their URLs must find them again (the testkit's {@code restart} picks a new port).
 */
final class FixedPortServers implements AutoCloseable {
    private final EtcdExtension etcd;
    private final Path dataDir;
    private final int[] ports;
    private final BeaconServer[] servers;

    FixedPortServers(EtcdExtension etcd, int count) {
        this.etcd = etcd;
        try {
            this.dataDir = Files.createTempDirectory("beacon-sdk-it-");
            ports = new int[count];
            for (int i = 0; i < count; i++) {
                try (ServerSocket s = new ServerSocket(0)) {
                    ports[i] = s.getLocalPort();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        servers = new BeaconServer[count];
        for (int i = 0; i < count; i++) {
            start(i);
        }
    }

    void start(int i) {
        servers[i] = BeaconServer.start(ServerSettings.forEndpoints(dataDir, etcd.endpointArray()).toBuilder().port(ports[i]).build());
    }

    void stop(int i) {
        servers[i].close();
        servers[i] = null;
    }

    BeaconServer server(int i) {
        return servers[i];
    }

    String url(int i) {
        return "http://127.0.0.1:" + ports[i];
    }

    List<String> urls() {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < ports.length; i++) {
            urls.add(url(i));
        }
        return urls;
    }

    @Override
    public void close() {
        for (BeaconServer s : servers) {
            if (s != null) {
                s.close();
            }
        }
    }
}
