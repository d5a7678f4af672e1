package dev.beacon.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every {@code beacon.*} setting of the starter. Bound twice: early by the ConfigData resolver (from the sources
 * before the import: command line, environment, {@code application.properties}) to build the client that loads the
 * config, and as an ordinary {@code @ConfigurationProperties} bean for discovery, registration and health.
 */
@ConfigurationProperties(prefix = "beacon")
public class BeaconProperties {
    /** Beacon server base URLs, tried in order (failover), e.g. http://10.0.0.1:8080. */
    private List<String> servers = new ArrayList<>(List.of("http://127.0.0.1:8080"));
    /** Bearer token sent on every call, when auth is on. */
    private String token;
    /** Directory of the SDK's failover files ({cache-dir}/config/{app}/{profile}.json); the app starts from them when no server answers. */
    private Path cacheDir = Path.of(System.getProperty("user.home"), ".beacon", "cache");
    /** TCP connect timeout per attempt. */
    private Duration connectTimeout = Duration.ofSeconds(2);
    /** Timeout of one attempt on one server. */
    private Duration requestTimeout = Duration.ofSeconds(5);
    /** Deadline of a whole call across servers and retries (also bounds each app/profile load at start-up). */
    private Duration callTimeout = Duration.ofSeconds(10);
    private final Config config = new Config();
    private final Discovery discovery = new Discovery();

    public List<String> getServers() {
        return servers;
    }

    public void setServers(List<String> servers) {
        this.servers = servers;
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public Path getCacheDir() {
        return cacheDir;
    }

    public void setCacheDir(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public Duration getCallTimeout() {
        return callTimeout;
    }

    public void setCallTimeout(Duration callTimeout) {
        this.callTimeout = callTimeout;
    }

    public Config getConfig() {
        return config;
    }

    public Discovery getDiscovery() {
        return discovery;
    }

    /** {@code beacon.config.*}: what {@code spring.config.import=beacon:} loads and how changes are applied. */
    public static class Config {
        /** The app whose items are loaded; defaults to spring.application.name. */
        private String app;
        /** Apply changes while the app runs (rebind @ConfigurationProperties, refresh @RefreshScope, publish events). */
        private boolean refresh = true;
        /** How long to gather changes before applying them at once (a batch write arrives as several changes). */
        private Duration refreshDelay = Duration.ofMillis(100);

        public String getApp() {
            return app;
        }

        public void setApp(String app) {
            this.app = app;
        }

        public boolean isRefresh() {
            return refresh;
        }

        public void setRefresh(boolean refresh) {
            this.refresh = refresh;
        }

        public Duration getRefreshDelay() {
            return refreshDelay;
        }

        public void setRefreshDelay(Duration refreshDelay) {
            this.refreshDelay = refreshDelay;
        }
    }

    /** {@code beacon.discovery.*}: DiscoveryClient, load balancing and automatic registration. */
    public static class Discovery {
        /** Offer DiscoveryClient, ReactiveDiscoveryClient and LoadBalancer instances from Beacon. */
        private boolean enabled = true;
        /** Register this app when its web server has started (name = spring.application.name). */
        private boolean register = true;
        /** Service name to register under; defaults to spring.application.name. */
        private String service;
        /** Instance id; defaults to address-port. */
        private String instanceId;
        /** Address to register; defaults to this host's address. */
        private String address;
        /** Lease time to live; heartbeats go every ttl/3. */
        private Duration ttl = Duration.ofSeconds(10);
        /** Tags of the registered instance. */
        private List<String> tags = new ArrayList<>();
        /** Metadata of the registered instance. */
        private Map<String, String> metadata = new LinkedHashMap<>();
        /** Register an HTTP check on Actuator's health URL when Actuator is present. */
        private boolean healthCheck = true;
        /** Interval of that check. */
        private Duration healthCheckInterval = Duration.ofSeconds(10);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isRegister() {
            return register;
        }

        public void setRegister(boolean register) {
            this.register = register;
        }

        public String getService() {
            return service;
        }

        public void setService(String service) {
            this.service = service;
        }

        public String getInstanceId() {
            return instanceId;
        }

        public void setInstanceId(String instanceId) {
            this.instanceId = instanceId;
        }

        public String getAddress() {
            return address;
        }

        public void setAddress(String address) {
            this.address = address;
        }

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }

        public List<String> getTags() {
            return tags;
        }

        public void setTags(List<String> tags) {
            this.tags = tags;
        }

        public Map<String, String> getMetadata() {
            return metadata;
        }

        public void setMetadata(Map<String, String> metadata) {
            this.metadata = metadata;
        }

        public boolean isHealthCheck() {
            return healthCheck;
        }

        public void setHealthCheck(boolean healthCheck) {
            this.healthCheck = healthCheck;
        }

        public Duration getHealthCheckInterval() {
            return healthCheckInterval;
        }

        public void setHealthCheckInterval(Duration healthCheckInterval) {
            this.healthCheckInterval = healthCheckInterval;
        }
    }

    /** A client with these settings (the caller closes it). */
    public dev.beacon.client.BeaconClient buildClient() {
        return dev.beacon.client.BeaconClient.builder().servers(servers).token(token).cacheDir(cacheDir)
                .connectTimeout(connectTimeout).requestTimeout(requestTimeout).callTimeout(callTimeout).build();
    }
}
