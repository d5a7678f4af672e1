package dev.beacon.spring.config;

import dev.beacon.client.ConfigEvent;
import dev.beacon.client.ConfigView;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.util.ClassUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Applies Beacon changes to a running application, with no Actuator call. The property sources already answer the
 * new values (they read the live views); this tells the beans. Changes are gathered for {@code beacon.config.refresh-delay}
 * (a batch write arrives as several), then, on one daemon thread {@code beacon-spring-refresh}, in this order:
 * <ol>
 *   <li>with spring-cloud-context: {@code EnvironmentChangeEvent(keys)} (its rebinder rebinds every
 *       {@code @ConfigurationProperties} bean and log levels), then {@code RefreshScope.refreshAll()} if there is one;
 *       without it: every {@code @ConfigurationProperties} JavaBean is re-initialised (so rebound) by this class;</li>
 *   <li>{@link BeaconConfigChangeEvent} with old and new values.</li>
 * </ol>
 * A failure in one round is logged and does not stop later rounds. Closed with the context.
 */
public final class BeaconConfigRefresher implements DisposableBean {
    private static final Log log = LogFactory.getLog(BeaconConfigRefresher.class);
    private static final boolean CLOUD_CONTEXT = ClassUtils.isPresent(
            "org.springframework.cloud.context.environment.EnvironmentChangeEvent", BeaconConfigRefresher.class.getClassLoader());

    private final ConfigurableApplicationContext context;
    private final BeaconImport imported;
    private final Duration delay;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "beacon-spring-refresh");
        t.setDaemon(true);
        return t;
    });
    private final List<ConfigEvent> pending = new ArrayList<>();
    private final List<AutoCloseable> subscriptions = new ArrayList<>();
    private boolean started;

    public BeaconConfigRefresher(ConfigurableApplicationContext context, BeaconImport imported, Duration delay) {
        this.context = context;
        this.imported = imported;
        this.delay = delay;
    }

    /** Subscribes once the context is refreshed, so that no bean is told before it exists. */
    @EventListener
    public synchronized void onContextRefreshed(ContextRefreshedEvent event) {
        if (started || event.getApplicationContext() != context) {
            return;
        }
        started = true;
        for (ConfigView view : imported.views()) {
            subscriptions.add(view.onChange(this::changed, thread));
        }
    }

    private void changed(ConfigEvent event) {
        synchronized (pending) {
            pending.add(event);
            if (pending.size() == 1) {
                thread.schedule(this::apply, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void apply() {
        List<ConfigEvent> round;
        synchronized (pending) {
            round = new ArrayList<>(pending);
            pending.clear();
        }
        if (round.isEmpty() || !context.isActive()) {
            return;
        }
        Set<String> keys = new LinkedHashSet<>();
        round.forEach(e -> keys.add(e.key()));
        try {
            if (CLOUD_CONTEXT) {
                CloudContextRefresh.apply(context, keys);
            } else {
                rebindConfigurationProperties();
            }
            log.info("Beacon: applied changes of " + keys);
        } catch (RuntimeException e) {
            log.warn("Beacon: applying the changes of " + keys + " failed; the Environment has the new values", e);
        }
        context.publishEvent(new BeaconConfigChangeEvent(context, round));
    }

    private void rebindConfigurationProperties() {
        AutowireCapableBeanFactory factory = context.getAutowireCapableBeanFactory();
        ConfigurationPropertiesBean.getAll(context).forEach((name, bean) -> {
            if (bean.asBindTarget().getBindMethod() != org.springframework.boot.context.properties.bind.BindMethod.VALUE_OBJECT) {
                factory.initializeBean(bean.getInstance(), name);
            }
        });
    }

    @Override
    public void destroy() {
        synchronized (this) {
            for (AutoCloseable s : subscriptions) {
                try {
                    s.close();
                } catch (Exception ignored) {
                    // removing a listener does not fail
                }
            }
        }
        thread.shutdownNow();
    }
}
