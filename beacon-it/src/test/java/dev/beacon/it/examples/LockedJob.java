package dev.beacon.it.examples;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/** The Java example of docs/coordination.md: run a job under a Beacon lock with the JDK's HttpClient. */
public final class LockedJob {
    /** The work to do while holding the lock; pass {@code token} to every resource it writes to. */
    public interface Job {
        void run(long token, BooleanSupplier stillHeld) throws Exception;
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Queues up to 30 s for the lock, keeps it alive while the job runs, releases it after; returns the token. */
    public static long run(String beacon, String lock, String owner, Job job) throws Exception {
        String url = beacon + "/api/v1/locks/" + lock;
        String body = JSON.writeValueAsString(java.util.Map.of("ttl", 10, "waitMs", 30_000, "owner", owner));
        HttpResponse<String> granted = send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        if (granted.statusCode() != 200) {   // 409 LOCK_HELD: still held by someone else after 30 s
            throw new IllegalStateException("lock " + lock + " not acquired: " + granted.body());
        }
        long token = JSON.readTree(granted.body()).get("token").asLong();

        AtomicBoolean held = new AtomicBoolean(true);
        ScheduledExecutorService keeper = Executors.newSingleThreadScheduledExecutor();
        keeper.scheduleAtFixedRate(() -> {   // every third of the ttl; a 409 means the lock is lost: stop working
            try {
                int status = send(HttpRequest.newBuilder(URI.create(url + "/keepalive?token=" + token))
                        .PUT(HttpRequest.BodyPublishers.noBody())).statusCode();
                if (status == 409) {
                    held.set(false);
                }
            } catch (IOException | InterruptedException e) {
                // Beacon unreachable: retry at the next tick; the lease outlives two missed ticks
            }
        }, 3, 3, TimeUnit.SECONDS);
        try {
            job.run(token, held::get);       // pass token to every resource the job writes to
        } finally {
            keeper.shutdownNow();
            send(HttpRequest.newBuilder(URI.create(url + "?token=" + token)).DELETE());
        }
        return token;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private LockedJob() {
    }
}
