package dev.beacon.spring.config;

import org.springframework.boot.context.config.ConfigDataResource;

import java.util.List;
import java.util.Objects;

/**
 * What {@code beacon:} resolves to: the app and its active profiles (in activation order; empty = only the plain
 * sources). Loaded as one ConfigData of up to 2 + 2n property sources in SCC precedence.
 */
public final class BeaconConfigDataResource extends ConfigDataResource {
    private final String app;
    private final List<String> profiles;
    private final boolean optional;

    BeaconConfigDataResource(String app, List<String> profiles, boolean optional) {
        super(optional);
        this.app = app;
        this.profiles = List.copyOf(profiles);
        this.optional = optional;
    }

    public String app() {
        return app;
    }

    /** True for {@code optional:beacon:}. */
    public boolean optional() {
        return optional;
    }

    public List<String> profiles() {
        return profiles;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BeaconConfigDataResource r && r.app.equals(app) && r.profiles.equals(profiles);
    }

    @Override
    public int hashCode() {
        return Objects.hash(app, profiles);
    }

    @Override
    public String toString() {
        return "beacon:" + app + profiles;
    }
}
