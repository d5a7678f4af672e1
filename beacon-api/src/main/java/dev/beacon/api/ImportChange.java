package dev.beacon.api;

/**
 * What an import did (or, in a dry run, would do) to one thing it carries.
 *
 * @param kind   {@code config-item}, {@code config-settings} (an app/profile's declared format) or {@code service-settings}
 * @param target {@code app/profile/key}, {@code app/profile} or the service's name
 * @param result {@code created}, {@code updated} or {@code unchanged}
 */
public record ImportChange(String kind, String target, String result) {
}
