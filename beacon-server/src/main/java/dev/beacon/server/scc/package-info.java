/** The Spring Cloud Config Server-compatible endpoint {@code /scc/{application}/{profile}[/{label}]}. */
package dev.beacon.server.scc;
