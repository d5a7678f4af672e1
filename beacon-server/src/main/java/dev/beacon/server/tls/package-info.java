/**
 * HTTPS for Beacon itself: the PEM certificate and key ({@code --tls-cert}, {@code --tls-key}) loaded into Jetty's
 * TLS connector, reloaded without a restart when the files change, and HSTS on every answer while it is on.
 */
package dev.beacon.server.tls;
