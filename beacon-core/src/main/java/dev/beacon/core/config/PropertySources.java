package dev.beacon.core.config;

import dev.beacon.api.Item;
import dev.beacon.api.SccEnvironment;
import dev.beacon.core.BeaconException;
import dev.beacon.core.Read;
import dev.beacon.core.keys.Names;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Spring Cloud Config Server view of the items: the Environment of an application and its profiles,
 * with property sources in the real server's order, most specific first — every profile-specific source
 * before every plain one, and among profiles the later one first (it wins):
 * {@code {application}-{profile}}, {@code application-{profile}} (per profile, last profile first), then
 * {@code {application}}, {@code application}. "Plain" is Beacon's profile {@code default}. Sources without
 * items are left out, as the real server leaves out files that do not exist; an unknown application
 * answers an Environment without sources. Reads only memory.
 */
public final class PropertySources {
    /** The app whose items every application shares, as in Spring Cloud Config. */
    public static final String SHARED_APP = "application";
    public static final String DEFAULT_PROFILE = "default";

    private final ConfigStore store;

    public PropertySources(ConfigStore store) {
        this.store = store;
    }

    /**
     * @param profiles comma-separated, e.g. {@code prod,eu}
     * @param label    echoed back; Beacon has no labels (branches), so every label sees the same items
     */
    public Read<SccEnvironment> environment(String application, String profiles, String label) {
        return environmentRendered(application, profiles, label, null, env -> env);
    }

    /**
     * {@link #environment}, rendered by {@code render} once per mirror revision and kept until the next
     * ({@code variant} names the rendering; null: not kept, built on every call).
     */
    public <T> Read<T> environmentRendered(String application, String profiles, String label, String variant,
                                           java.util.function.Function<SccEnvironment, T> render) {
        Names.requireName("application", application);
        List<String> profileList = new ArrayList<>();
        for (String p : (profiles == null ? "" : profiles).split(",")) {
            if (!p.isBlank()) {
                profileList.add(Names.requireName("profile", p.trim()));
            }
        }
        if (profileList.isEmpty()) {
            throw BeaconException.badRequest("profile is missing; use e.g. default, or dev,eu");
        }
        Set<List<String>> order = new LinkedHashSet<>();
        for (int i = profileList.size() - 1; i >= 0; i--) {
            String profile = profileList.get(i);
            if (!profile.equals(DEFAULT_PROFILE)) {
                order.add(List.of(application, profile));
                order.add(List.of(SHARED_APP, profile));
            }
        }
        order.add(List.of(application, DEFAULT_PROFILE));
        order.add(List.of(SHARED_APP, DEFAULT_PROFILE));
        java.util.function.LongFunction<T> build = at -> {
            List<SccEnvironment.PropertySource> sources = new ArrayList<>();
            for (List<String> appProfile : order) {
                List<Item> items = store.items(appProfile.get(0), appProfile.get(1));
                if (items.isEmpty()) {
                    continue;
                }
                Map<String, Object> source = new LinkedHashMap<>();
                for (Item item : items) {
                    source.put(item.key(), item.value());
                }
                String name = "beacon:" + appProfile.get(0) + (appProfile.get(1).equals(DEFAULT_PROFILE) ? "" : "-" + appProfile.get(1));
                sources.add(new SccEnvironment.PropertySource(name, source));
            }
            return render.apply(new SccEnvironment(application, List.copyOf(profileList), label, Long.toString(at), null, sources));
        };
        return variant == null ? store.read(build)
                : store.readOnce("scc\n" + variant + "\n" + application + "\n" + String.join(",", profileList) + "\n" + label, build);
    }
}
