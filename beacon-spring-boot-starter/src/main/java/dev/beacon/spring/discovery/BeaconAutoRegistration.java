package dev.beacon.spring.discovery;

import dev.beacon.api.InstanceStatus;
import dev.beacon.client.BeaconClient;
import dev.beacon.client.InstanceSpec;
import dev.beacon.client.ServiceRegistration;
import dev.beacon.spring.BeaconProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Registers the app when its web server has started and takes it out on a graceful shutdown.
 *
 * <p>Start: on {@link WebServerInitializedEvent} (the port is known then; the management server's event is
 * ignored) it registers service {@code beacon.discovery.service} or {@code spring.application.name}, at
 * {@code beacon.discovery.address} or this host's address, on the web server's port, with the configured tags and
 * metadata, and — when Actuator is present — an HTTP check on its health URL run by the Beacon servers. The SDK
 * heartbeats every ttl/3 and re-registers after a lost lease.
 *
 * <p>Shutdown, in two steps: {@link #stop()} (a {@link SmartLifecycle} in the last phase, so before the web server
 * stops and drains its requests) sets the instance {@code OUT_OF_SERVICE}, so callers stop picking it; then
 * {@link #destroy()} (bean destruction, after the web server stopped) deregisters it.
 */
public final class BeaconAutoRegistration implements ApplicationListener<WebServerInitializedEvent>, SmartLifecycle, DisposableBean {
    private static final Log log = LogFactory.getLog(BeaconAutoRegistration.class);
    private static final boolean ACTUATOR = org.springframework.util.ClassUtils.isPresent(
            "org.springframework.boot.actuate.health.HealthEndpoint", BeaconAutoRegistration.class.getClassLoader());

    private final BeaconClient client;
    private final BeaconProperties properties;
    private final Environment environment;
    private final AtomicReference<ServiceRegistration> registration = new AtomicReference<>();
    private volatile boolean running;

    public BeaconAutoRegistration(BeaconClient client, BeaconProperties properties, Environment environment) {
        this.client = client;
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if ("management".equals(event.getApplicationContext().getServerNamespace()) || registration.get() != null) {
            return;
        }
        InstanceSpec spec = spec(event.getWebServer().getPort());
        ServiceRegistration r = client.registry().register(spec);
        if (!registration.compareAndSet(null, r)) {
            r.close();
            return;
        }
        running = true;
        log.info("Beacon: registered " + r.service() + "/" + r.instanceId() + " at " + address() + ":" + event.getWebServer().getPort());
    }

    InstanceSpec spec(int port) {
        BeaconProperties.Discovery d = properties.getDiscovery();
        String service = d.getService() != null ? d.getService() : environment.getProperty("spring.application.name");
        if (service == null || service.isBlank()) {
            throw new IllegalStateException("Beacon registration needs spring.application.name (or beacon.discovery.service), "
                    + "or turn it off with beacon.discovery.register=false");
        }
        String address = address();
        InstanceSpec spec = InstanceSpec.of(service, address, port).ttl(d.getTtl()).tags(d.getTags().toArray(String[]::new));
        if (d.getInstanceId() != null) {
            spec = spec.id(d.getInstanceId());
        }
        for (var m : d.getMetadata().entrySet()) {
            spec = spec.metadata(m.getKey(), m.getValue());
        }
        if (ACTUATOR && d.isHealthCheck() && environment.getProperty("management.server.port") == null) {
            String base = environment.getProperty("server.servlet.context-path", "")
                    + environment.getProperty("management.endpoints.web.base-path", "/actuator");
            spec = spec.httpCheck("http://" + address + ":" + port + base + "/health", d.getHealthCheckInterval());
        }
        return spec;
    }

    private String address() {
        String configured = properties.getDiscovery().getAddress();
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }

    /** The registration, or null before the web server started (and in an app without one). */
    public ServiceRegistration registration() {
        return registration.get();
    }

    @Override
    public void start() {
        // registration waits for the web server's port: see onApplicationEvent
    }

    /** First step of a graceful shutdown: OUT_OF_SERVICE, while the web server still drains. */
    @Override
    public void stop() {
        running = false;
        ServiceRegistration r = registration.get();
        if (r == null || r.state() == ServiceRegistration.State.CLOSED) {
            return;
        }
        try {
            r.setStatus(InstanceStatus.OUT_OF_SERVICE);
            log.info("Beacon: " + r.service() + "/" + r.instanceId() + " is OUT_OF_SERVICE; deregistering after the web server stopped");
        } catch (RuntimeException e) {
            log.warn("Beacon: could not set " + r.service() + "/" + r.instanceId() + " OUT_OF_SERVICE: " + e.getMessage());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE; // stops first: before the web server's graceful shutdown
    }

    /** Second step: deregisters. */
    @Override
    public void destroy() {
        ServiceRegistration r = registration.get();
        if (r != null) {
            r.close();
        }
    }
}
