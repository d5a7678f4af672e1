/**
 * Spring Cloud discovery on Beacon: DiscoveryClient, ReactiveDiscoveryClient and the load balancer's instance
 * supplier over the SDK's live service views, and the automatic registration of a web application.
 */
package dev.beacon.spring.discovery;
