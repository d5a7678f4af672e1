/**
 * {@code spring.config.import=beacon:}: the ConfigData resolver and loader (registered in META-INF/spring.factories),
 * the live property sources over the SDK's config views, and the refresher that tells the beans about changes.
 * Threads: loading runs on the thread that starts the app; changes are applied on {@code beacon-spring-refresh}.
 */
package dev.beacon.spring.config;
