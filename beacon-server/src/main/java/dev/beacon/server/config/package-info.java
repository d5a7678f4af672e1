/** The configuration center over HTTP: {@code /api/v1/apps} and {@code /api/v1/config/{app}/{profile}/...} (thin handlers over core's config room). */
package dev.beacon.server.config;
