package dev.beacon.core.registry;

import dev.beacon.api.CheckResult;
import dev.beacon.api.Instance;
import dev.beacon.api.InstanceStatus;
import dev.beacon.api.ServiceInstances;
import dev.beacon.api.ServiceSummary;
import dev.beacon.core.BeaconException;
import dev.beacon.core.Read;
import dev.beacon.core.StoredJson;
import dev.beacon.core.keys.KeyLayout;
import dev.beacon.core.keys.Names;
import dev.beacon.core.watch.ChangeEvent;
import dev.beacon.core.watch.Entry;
import dev.beacon.core.watch.ParsedValues;
import dev.beacon.core.watch.PrefixMirror;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Discovery, answered from the server's root mirror only — never a call to etcd per request. Every answer
 * goes through the mirror's read gate and carries exactly the revision it reflects, and whether it is
 * stale. A service without instances answers an empty list, not 404.
 *
 * <p>Thread-safe; reads block only while the mirror has not loaded yet (bounded, see {@link PrefixMirror#read}).
 */
public final class Discovery {
    private final PrefixMirror mirror;
    private final KeyLayout keys;
    private final ServerMembership membership;
    private final HealthChecks checks;
    private final ServiceSettingsStore settings;
    private final ParsedValues<StoredInstance> instances;
    private final ParsedValues<StoredHealth> healths;

    public Discovery(PrefixMirror mirror, KeyLayout keys, ServerMembership membership, HealthChecks checks,
                     ServiceSettingsStore settings) {
        this.mirror = mirror;
        this.keys = keys;
        this.membership = membership;
        this.checks = checks;
        this.settings = settings;
        this.instances = new ParsedValues<>(keys.servicesRoot(), v -> StoredJson.read(v, StoredInstance.class));
        this.healths = new ParsedValues<>(keys.healthRoot(), v -> StoredJson.read(v, StoredHealth.class));
        mirror.addListener(instances);
        mirror.addListener(healths);
    }

    /** Every service with at least one instance, by name: how many instances, how many UP. */
    public Read<List<ServiceSummary>> services() {
        return mirror.read(this::summaries);
    }

    private List<ServiceSummary> summaries() {
        Map<String, int[]> counts = new TreeMap<>();
        for (Entry e : mirror.list(keys.servicesRoot())) {
            KeyLayout.InstanceKey k = keys.parseInstance(e.key());
            if (k == null || k.health()) {
                continue;
            }
            StoredInstance s = instances.get(e);
            if (s == null) {
                continue;
            }
            int[] c = counts.computeIfAbsent(k.service(), x -> new int[2]);
            c[0]++;
            if (InstanceViews.status(s, health(k.service(), k.id())) == InstanceStatus.UP) {
                c[1]++;
            }
        }
        List<ServiceSummary> out = new ArrayList<>();
        counts.forEach((service, c) -> out.add(new ServiceSummary(service, c[0], c[1])));
        return out;
    }

    /**
     * The instances of a service, by id, that carry every tag in {@code tags}. With {@code healthyOnly}, only
     * UP ones — unless fewer than the service's protection threshold of them are UP, in which case every
     * instance not taken out by an operator is returned and {@code reachProtectionThreshold} is true.
     */
    public Read<ServiceInstances> service(String service, boolean healthyOnly, List<String> tags) {
        Names.requireName("service", service);
        Read<ServiceInstances> read = mirror.read(() -> instances(service, healthyOnly, tags));
        return read.map(answer -> new ServiceInstances(answer.service(), read.revision(), answer.reachProtectionThreshold(),
                answer.instances()));
    }

    /**
     * {@link #service}, rendered by {@code render} once per mirror revision (and set of local check results) and
     * kept until the next: the same answer as rendering {@code service(...)} on every call.
     */
    public <T> Read<T> serviceRendered(String service, boolean healthyOnly, List<String> tags,
                                       java.util.function.Function<ServiceInstances, T> render) {
        Names.requireName("service", service);
        long results = checks == null ? 0 : checks.resultsSeen(); // read first: a result seen meanwhile only makes the answer newer
        String key = "discovery\n" + service + "\n" + healthyOnly + "\n" + String.join(",", tags) + "\n" + results;
        return mirror.readOnce(key, at -> {
            ServiceInstances answer = instances(service, healthyOnly, tags);
            return render.apply(new ServiceInstances(answer.service(), at, answer.reachProtectionThreshold(), answer.instances()));
        });
    }

    /** The answer as memory holds it now, with revision 0 (the read gate supplies it). */
    private ServiceInstances instances(String service, boolean healthyOnly, List<String> tags) {
        long revision = 0;
        List<String> live = liveServers();
        List<Instance> all = new ArrayList<>();
        String prefix = keys.servicePrefix(service);
        for (Entry e : mirror.list(prefix)) {
            String id = e.key().substring(prefix.length());
            Instance i = view(service, id, e, health(service, id), live);
            if (i != null && (i.tags() == null ? tags.isEmpty() : i.tags().containsAll(tags))) {
                all.add(i);
            }
        }
        if (!healthyOnly) {
            return new ServiceInstances(service, revision, false, all);
        }
        List<Instance> up = all.stream().filter(i -> InstanceStatus.UP.name().equals(i.status())).toList();
        double threshold = settings.protectThreshold(service);
        if (threshold > 0 && !all.isEmpty() && (double) up.size() / all.size() < threshold) {
            List<Instance> kept = all.stream().filter(i -> !InstanceStatus.DRAINING.name().equals(i.status())
                    && !InstanceStatus.OUT_OF_SERVICE.name().equals(i.status())).toList();
            return new ServiceInstances(service, revision, true, kept);
        }
        return new ServiceInstances(service, revision, false, up);
    }

    /** One instance. @throws BeaconException NOT_FOUND */
    public Read<Instance> instance(String service, String id) {
        Names.requireName("service", service);
        Names.requireName("instance id", id);
        return mirror.read(() -> mirror.get(keys.instance(service, id)).map(e -> view(service, id, e, health(service, id), liveServers()))
                .orElseThrow(() -> BeaconException.notFound("instance " + id + " of service " + service + " is not registered")));
    }

    /**
     * The keys to watch for one service's changes, both held by the root mirror:
     * {@code {root}/services/{service}/} and {@code {root}/health/{service}/}.
     */
    public List<String> watchPrefixes(String service) {
        Names.requireName("service", service);
        return List.of(keys.servicePrefix(service), keys.healthPrefix(service));
    }

    /**
     * Maps a mirror change under a service's {@link #watchPrefixes} to the instance change it means; empty
     * for a change that carries nothing new. An instance PUT maps to the instance (with the health the mirror
     * holds now); a health PUT maps to its instance with the new health, except when it was written in the
     * same revision as the instance key (a registration: the instance PUT already carries it); an instance
     * DELETE maps to the instance as it was, status DOWN; a health DELETE maps to nothing (its instance
     * DELETE, at the same revision, carries it). Safe on any thread, including the mirror's.
     */
    public Optional<InstanceChange> change(ChangeEvent e) {
        KeyLayout.InstanceKey k = keys.parseInstance(e.key());
        if (k == null) {
            return Optional.empty();
        }
        if (!k.health()) {
            if (e.isPut()) {
                return Optional.ofNullable(view(k.service(), k.id(), e.entry(), health(k.service(), k.id()), liveServers()))
                        .map(i -> new InstanceChange(ChangeEvent.Type.PUT, e.revision(), i));
            }
            if (e.previous() == null) {
                return Optional.empty();
            }
            return Optional.ofNullable(InstanceViews.toApi(k.service(), k.id(), e.previous(), null, null, null))
                    .map(i -> new InstanceChange(ChangeEvent.Type.DELETE, e.revision(), InstanceViews.removed(i)));
        }
        if (!e.isPut()) {
            return Optional.empty();
        }
        Optional<Entry> instance = mirror.get(keys.instance(k.service(), k.id()));
        if (instance.isEmpty() || instance.get().modRevision() == e.revision()) {
            return Optional.empty();
        }
        StoredHealth h = StoredJson.read(e.value(), StoredHealth.class);
        return Optional.ofNullable(view(k.service(), k.id(), instance.get(), h, liveServers()))
                .map(i -> new InstanceChange(ChangeEvent.Type.PUT, e.revision(), i));
    }

    private Instance view(String service, String id, Entry instance, StoredHealth health, List<String> live) {
        StoredInstance s = instances.get(instance);
        if (s == null) {
            return null;
        }
        String key = keys.instance(service, id);
        CheckResult local = checks == null ? null : checks.latest(key).orElse(null);
        String checkedBy = s.check() == null ? null : ServerMembership.owner(live, key);
        return InstanceViews.toApi(service, id, s, instance.lease(), health, local, checkedBy);
    }

    private List<String> liveServers() {
        return membership == null ? List.of() : membership.liveServers();
    }

    private StoredHealth health(String service, String id) {
        return mirror.get(keys.health(service, id)).map(healths::get).orElse(null);
    }
}
