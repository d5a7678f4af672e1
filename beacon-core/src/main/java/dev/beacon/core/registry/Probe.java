package dev.beacon.core.registry;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Instant;

/**
 * One probe of one instance: HTTP GET (2xx–3xx passes; redirects are not followed) or a TCP connect,
 * each within the check's timeout. Blocks the calling thread for at most about the timeout; never
 * throws. The output is a short, stable sentence (no timings), so that an unchanged result does not
 * look like a change.
 */
final class Probe {
    /** User-Agent of every HTTP probe. */
    static final String USER_AGENT = "Beacon-Health-Check";
    /** Header naming the Beacon server that sent the probe. */
    static final String CHECKER_HEADER = "X-Beacon-Checker";

    record Outcome(boolean pass, String output, Instant at) {
    }

    private Probe() {
    }

    static Outcome run(CheckSpec spec, HttpClient http, String serverId) {
        return spec.kind() == CheckSpec.Kind.HTTP ? http(spec, http, serverId) : tcp(spec);
    }

    static Outcome http(CheckSpec spec, HttpClient http, String serverId) {
        HttpRequest request = HttpRequest.newBuilder(spec.url()).timeout(spec.timeout()).GET()
                .header("User-Agent", USER_AGENT).header(CHECKER_HEADER, serverId).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            boolean pass = status >= 200 && status < 400;
            return new Outcome(pass, "HTTP GET " + spec.url() + ": " + status, Instant.now());
        } catch (HttpTimeoutException e) {
            return failed("HTTP GET " + spec.url() + ": no answer within " + dev.beacon.core.Durations.format(spec.timeout()));
        } catch (IOException e) {
            return failed("HTTP GET " + spec.url() + ": " + why(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("HTTP GET " + spec.url() + ": interrupted");
        }
    }

    static Outcome tcp(CheckSpec spec) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(spec.host(), spec.port()), (int) Math.max(1, spec.timeout().toMillis()));
            return new Outcome(true, "TCP connect to " + spec.target() + ": connected", Instant.now());
        } catch (SocketTimeoutException e) {
            return failed("TCP connect to " + spec.target() + ": no answer within " + dev.beacon.core.Durations.format(spec.timeout()));
        } catch (IOException e) {
            return failed("TCP connect to " + spec.target() + ": " + why(e));
        }
    }

    private static Outcome failed(String output) {
        return new Outcome(false, output, Instant.now());
    }

    private static String why(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : " (" + m + ")");
    }
}
