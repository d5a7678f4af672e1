package dev.beacon.api;

/**
 * Settings of one app/profile ({@code GET|PUT /api/v1/apps/{app}/{profile}/settings}).
 * {@code format}: {@code text} (default: any value), {@code json} or {@code yaml} (every value written to
 * the app/profile must parse as that format).
 */
public record ProfileSettings(String format) {
}
