/** Locks, elections and sessions over HTTP: thin handlers over {@code dev.beacon.core.coord}. */
package dev.beacon.server.coord;
