package dev.beacon.bench;

import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.etcd.EtcdSettings;
import dev.beacon.core.launcher.EtcdCluster;
import dev.beacon.server.BeaconServer;
import dev.beacon.server.ServerSettings;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The environment every benchmark runs in: a real single-node etcd in a temp dir, a Beacon server on
 * it (same JVM), a raw jetcd connection for the reference, and an HTTP client. Close it at the end.
 */
public final class Bench implements AutoCloseable {
    public final EtcdCluster etcd;
    public final BeaconServer server;
    public final EtcdConnection raw;
    public final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Bench(EtcdCluster etcd, BeaconServer server, EtcdConnection raw) {
        this.etcd = etcd;
        this.server = server;
        this.raw = raw;
    }

    public static Bench start() throws Exception {
        Path dir = Files.createTempDirectory("beacon-bench-");
        EtcdCluster etcd = EtcdCluster.start(dir, 1);
        BeaconServer server = BeaconServer.start(ServerSettings.forEndpoints(dir.resolve("server"), etcd.endpoints().toArray(String[]::new)));
        EtcdConnection raw = EtcdConnection.open(EtcdSettings.of(etcd.endpoints()));
        return new Bench(etcd, server, raw);
    }

    /** Sends a request and fails unless the status is 2xx. */
    public String send(HttpRequest request) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(30));
    }

    /** Machine line for the record: cores, JDK, OS. */
    public static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + ", Java " + Runtime.version();
    }

    @Override
    public void close() {
        raw.close();
        server.close();
        etcd.close();
    }
}
