package dev.beacon.core.registry;

import dev.beacon.api.Check;
import dev.beacon.core.BeaconException;
import dev.beacon.core.Durations;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * A validated active check: HTTP (GET the URL; 2xx–3xx passes) or TCP (connect to host:port).
 * {@link #parse} is the one place that validates a {@link Check}; it throws BAD_REQUEST with the reason.
 *
 * @param deregisterAfter null when the instance is never removed for failing its check
 */
public record CheckSpec(Kind kind, URI url, String host, int port, Duration interval, Duration timeout,
                        Duration deregisterAfter) {
    public enum Kind { HTTP, TCP }

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);
    static final Duration MIN_DEREGISTER_AFTER = Duration.ofSeconds(1);

    /** Validates a check; null when {@code check} is null (no active check). */
    public static CheckSpec parse(Check check) {
        if (check == null) {
            return null;
        }
        boolean http = check.http() != null;
        boolean tcp = check.tcp() != null;
        if (http == tcp) {
            throw BeaconException.badRequest("check needs exactly one of \"http\" (a URL) or \"tcp\" (host:port)");
        }
        Duration interval = check.interval() == null ? DEFAULT_INTERVAL : Durations.parse("check interval", check.interval());
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw BeaconException.badRequest("check interval must be between 100ms and 1h, got " + check.interval());
        }
        Duration timeout = check.timeout() == null
                ? (interval.compareTo(Duration.ofSeconds(5)) < 0 ? interval : Duration.ofSeconds(5))
                : Durations.parse("check timeout", check.timeout());
        if (timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw BeaconException.badRequest("check timeout must be more than 0 and at most 1m, got " + check.timeout());
        }
        Duration deregisterAfter = null;
        if (check.deregisterAfter() != null) {
            deregisterAfter = Durations.parse("check deregisterAfter", check.deregisterAfter());
            if (deregisterAfter.compareTo(MIN_DEREGISTER_AFTER) < 0) {
                throw BeaconException.badRequest("check deregisterAfter must be at least 1s, got " + check.deregisterAfter());
            }
        }
        if (http) {
            return new CheckSpec(Kind.HTTP, httpUrl(check.http()), null, 0, interval, timeout, deregisterAfter);
        }
        HostPort hp = hostPort(check.tcp());
        return new CheckSpec(Kind.TCP, null, hp.host, hp.port, interval, timeout, deregisterAfter);
    }

    /** The check as stored and shown: the caller's target, every duration filled in. */
    public Check normalized() {
        String target = kind == Kind.HTTP ? url.toString() : (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        return new Check(kind == Kind.HTTP ? target : null, kind == Kind.TCP ? target : null,
                Durations.format(interval), Durations.format(timeout),
                deregisterAfter == null ? null : Durations.format(deregisterAfter));
    }

    /** What the probe targets, for messages: the URL or host:port. */
    public String target() {
        return kind == Kind.HTTP ? url.toString() : host + ":" + port;
    }

    private static URI httpUrl(String text) {
        if (text.isBlank()) {
            throw BeaconException.badRequest("check http URL is empty; use e.g. http://10.0.0.5:8080/health");
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw BeaconException.badRequest("check http '" + text + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw BeaconException.badRequest("check http '" + text + "' must be an http:// or https:// URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw BeaconException.badRequest("check http '" + text + "' has no host");
        }
        if (uri.getPort() > 65535) {
            throw BeaconException.badRequest("check http '" + text + "' has a port above 65535");
        }
        return uri;
    }

    private record HostPort(String host, int port) {
    }

    private static HostPort hostPort(String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw BeaconException.badRequest("check tcp '" + text + "' must be host:port, e.g. 10.0.0.5:5432");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw BeaconException.badRequest("check tcp '" + text + "' has an empty or malformed host");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw BeaconException.badRequest("check tcp '" + text + "' has a port that is not a number");
        }
        if (port < 1 || port > 65535) {
            throw BeaconException.badRequest("check tcp '" + text + "' has port " + port + "; use 1-65535");
        }
        return new HostPort(host, port);
    }
}
