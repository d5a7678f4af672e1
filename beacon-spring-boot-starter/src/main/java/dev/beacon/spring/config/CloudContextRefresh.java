package dev.beacon.spring.config;

import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Set;

/** The spring-cloud-context half of a refresh; loaded only when spring-cloud-context is on the class path. */
final class CloudContextRefresh {
    private CloudContextRefresh() {
    }

    static void apply(ConfigurableApplicationContext context, Set<String> keys) {
        context.publishEvent(new EnvironmentChangeEvent(context, keys));
        context.getBeanProvider(RefreshScope.class).ifAvailable(RefreshScope::refreshAll);
    }
}
