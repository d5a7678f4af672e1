package dev.beacon.it.spring.examples.orders;

import dev.beacon.spring.config.BeaconConfigChangeEvent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The sample of docs/spring.md: an "orders" service that takes its settings from Beacon (live), registers itself,
 * and calls the "payments" service by name. Run by {@code SpringSampleIT}.
 */
@SpringBootApplication
@EnableConfigurationProperties(OrdersApplication.OrdersProperties.class)
public class OrdersApplication {
    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }

    /** orders.* from Beacon; rebound in place when an item changes. */
    @ConfigurationProperties("orders")
    public static class OrdersProperties {
        private int maxItems = 10;
        private String currency = "EUR";

        public int getMaxItems() {
            return maxItems;
        }

        public void setMaxItems(int maxItems) {
            this.maxItems = maxItems;
        }

        public String getCurrency() {
            return currency;
        }

        public void setCurrency(String currency) {
            this.currency = currency;
        }
    }

    /** A @RefreshScope bean is built again, with the new @Value, after a change of its keys. */
    @Bean
    @RefreshScope
    Banner banner(@Value("${orders.banner:Welcome}") String text) {
        return new Banner(text);
    }

    public static class Banner {
        private final String text;

        public Banner(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** Calls by service name ("http://payments/...") go to a healthy instance picked by Spring Cloud LoadBalancer. */
    @Bean
    @LoadBalanced
    RestClient.Builder loadBalancedRestClient() {
        return RestClient.builder();
    }

    @Bean
    ChangeLog changeLog() {
        return new ChangeLog();
    }

    /** Hears every Beacon change with its old and new value. */
    public static class ChangeLog {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @EventListener
        public void on(BeaconConfigChangeEvent event) {
            event.changes().forEach(c -> lines.add(c.key() + ": " + c.oldValue() + " -> " + c.newValue()));
        }

        public List<String> lines() {
            return lines;
        }
    }

    @RestController
    static class OrdersController {
        private final OrdersProperties properties;
        private final Banner banner;
        private final RestClient payments;

        OrdersController(OrdersProperties properties, Banner banner, RestClient.Builder loadBalanced) {
            this.properties = properties;
            this.banner = banner;
            this.payments = loadBalanced.build();
        }

        @GetMapping("/orders/limits")
        String limits() {
            return banner.text() + ": up to " + properties.getMaxItems() + " items in " + properties.getCurrency();
        }

        @GetMapping("/orders/pay")
        String pay() {
            return payments.get().uri("http://payments/pay").retrieve().body(String.class);
        }
    }
}
