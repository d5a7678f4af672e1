/** The service registry's HTTP side: thin handlers over {@code dev.beacon.core.registry}, and its wiring. */
package dev.beacon.server.registry;
