package dev.beacon.api;

/**
 * An active health check of an instance, as registered: exactly one of {@code http} (a URL; 2xx–3xx
 * passes) or {@code tcp} ({@code host:port}; a connect passes). Durations use the API syntax
 * ({@code 500ms}, {@code 10s}, {@code 1m}). {@code timeout} defaults to the smaller of 5 s and the interval;
 * {@code deregisterAfter} (optional) removes an instance that stayed DOWN that long.
 */
public record Check(String http, String tcp, String interval, String timeout, String deregisterAfter) {
}
