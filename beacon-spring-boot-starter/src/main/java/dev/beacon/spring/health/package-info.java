/** The {@code beacon} Actuator health indicator (only with Actuator on the class path). */
package dev.beacon.spring.health;
