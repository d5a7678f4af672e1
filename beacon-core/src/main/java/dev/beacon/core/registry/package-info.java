/**
 * The service registry: instances on leases ({@link dev.beacon.core.registry.Registry}), discovery from
 * the root mirror ({@link dev.beacon.core.registry.Discovery}), active HTTP/TCP checks divided among the
 * live Beacon servers ({@link dev.beacon.core.registry.HealthChecks}, {@link dev.beacon.core.registry.ServerMembership}),
 * and each instance's history of what happened to it ({@link dev.beacon.core.registry.InstanceEvents}).
 */
package dev.beacon.core.registry;
