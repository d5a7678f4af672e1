/**
 * The web console's entry: its static files come from the beacon-console jar (classpath {@code /console},
 * served under {@code /ui/}); this room answers the paths that are not files with the console's page, so a
 * deep link such as {@code /ui/config/shop/prod} survives a reload.
 */
package dev.beacon.server.console;
