/** Beacon's HTTP server: {@link dev.beacon.server.Main} (flags → settings) and {@link dev.beacon.server.BeaconServer} (composition root). */
package dev.beacon.server;
