/**
 * The Spring Boot starter: {@code spring.config.import=beacon:} ({@code .config}), discovery, load balancing and
 * registration ({@code .discovery}), Actuator health ({@code .health}), all on the Java SDK ({@code beacon-client}).
 * See docs/spring.md.
 */
package dev.beacon.spring;
