/**
 * Push over HTTP: SSE streams ({@code /api/v1/events...}), long polls ({@code /api/v1/watch...}) and WebSocket
 * subscriptions ({@code /api/v1/ws}) of raw prefixes and of the scopes features register ({@link
 * dev.beacon.server.events.StreamScope}: config app/profile, service, election). One {@link
 * dev.beacon.server.events.EventHub} subscribes each to the mirror's change feed (a bounded queue per
 * subscriber: a slow one is cut off, never the others), and {@link dev.beacon.server.events.StreamEnd} says how a
 * stream the server ends is told so, the same on every transport.
 */
package dev.beacon.server.events;
